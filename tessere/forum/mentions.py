"""@mentions: a person is mentioned by writing `@[Nome Cognome]` (the autocomplete under the
text box writes it). Names are resolved among the people who may read the space, so a mention
never reaches (nor links to) somebody who cannot read what was written; a name two readers
share is ambiguous and stays plain text. Resolved mentions become links to the person's page
for readers who are members of the programme (the directory is theirs); others see the name.

Resolving costs one query for a whole page of posts, whatever the number of mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Value
from django.db.models.functions import Concat, Lower
from django.urls import reverse
from django.utils.safestring import SafeString

from tessere.community.models import Space
from tessere.community.queries import readers_of
from tessere.core.markdown import render_markdown

if TYPE_CHECKING:
    from tessere.accounts.models import User

# "@[" name "]", not followed by "(" (that would be a Markdown link written after an @).
MENTION = re.compile(r"@\[([^\[\]\n]{1,100})\](?!\()")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def mentioned_names(texts: Iterable[str]) -> set[str]:
    """The names written as mentions in these texts (normalised: spaces collapsed, casefold)."""
    return {_key(match) for text in texts for match in MENTION.findall(text or "")}


def resolve(names: Iterable[str], space: Space) -> dict[str, User]:
    """{name: person} for the names that designate exactly one reader of the space."""
    wanted = {_key(name) for name in names if name.strip()}
    if not wanted:
        return {}
    found: dict[str, list[User]] = defaultdict(list)
    people = (
        readers_of(space)
        .annotate(full=Lower(Concat("first_name", Value(" "), "last_name")))
        .filter(full__in=sorted(wanted))
        .order_by("pk")
    )
    for person in people:
        found[_key(person.full)].append(person)
    return {name: matches[0] for name, matches in found.items() if len(matches) == 1}


def mentioned_people(text: str, space: Space) -> list[User]:
    return list(resolve(mentioned_names([text]), space).values())


def escape_markdown(text: str) -> str:
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def with_mentions(text: str, people: dict[str, User], *, links: bool) -> str:
    """The Markdown with every resolved mention as a link to the person (or plain `@Name`)."""

    def replace(match: re.Match[str]) -> str:
        person = people.get(_key(match.group(1)))
        if person is None:
            return match.group(0)
        label = escape_markdown(f"@{person.display_name}")
        if not links:
            return label
        return f"[{label}]({reverse('registry:person_detail', args=[person.pk])})"

    return MENTION.sub(replace, text or "")


def render_body(text: str, people: dict[str, User], *, links: bool) -> SafeString:
    """A post's body as safe HTML (core/markdown.py), mentions resolved."""
    return render_markdown(with_mentions(text, people, links=links))

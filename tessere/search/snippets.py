"""Highlighted snippets, computed in Python from the stored text, the same on both databases.

A word matches when its stem (text.stem of its unaccented form) is one of the query's stems.
To stay fast on long texts, candidates are found first with one regular expression on the
folded text (a stem is a prefix of its unaccented word), and only those are stemmed.

Safety: the text is escaped piece by piece and only our own `<mark>` tags are added, so a
body holding `<script>` shows as text. The result is marked safe only after escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import text

SNIPPET_WORDS = 30
BEFORE_WORDS = 8
WINDOW_CHARS = 600  # characters looked at around the best match (30 words fit easily)
# Markdown shown as plain words: links keep their text; headings, quotes, list markers and
# emphasis lose their marks.
MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|(?m:^[ \t]*(?:[#>]+|[-*+]|\d+\.)[ \t]+)|[*_`~]{1,3}")


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


@dataclass(frozen=True)
class Matcher:
    stems: frozenset[str]
    pattern: re.Pattern[str] | None

    @classmethod
    def for_terms(cls, terms: list[str]) -> Matcher:
        stems = frozenset(s for s in text.stem_all(terms) if s)
        if not stems:
            return cls(stems, None)
        # A stem is not always a prefix of its words ("competenza" → "competent"): look for
        # the part it shares with the query word, a little shorter, then check the stem.
        prefixes = set()
        for term in terms:
            common = _common_prefix(text.stem(term), term)
            prefixes.add(text.fold(common[: max(3, len(common) - 2)] or term))
        alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        return cls(stems, re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*"))

    def matches(self, word: str) -> bool:
        folded = text.unaccent(word)
        return text.stem(folded) in self.stems

    def spans(self, value: str) -> list[tuple[int, int]]:
        """Where the matching words are in `value` (offsets into the original)."""
        if self.pattern is None:
            return []
        folded = text.fold(value)
        return [
            (m.start(), m.end())
            for m in self.pattern.finditer(folded)
            if self.matches(value[m.start() : m.end()])
        ]


def _marked(value: str, spans: list[tuple[int, int]]) -> str:
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(escape(value[last:start]))
        out.append("<mark>" + escape(value[start:end]) + "</mark>")
        last = end
    out.append(escape(value[last:]))
    return "".join(out)


def highlight(value: str, matcher: Matcher) -> SafeString:
    """The whole (short) text, escaped, its matching words marked."""
    return mark_safe(_marked(value, matcher.spans(value)))  # noqa: S308 (escaped above)


def _plain(value: str) -> str:
    return MARKUP.sub(lambda m: m.group(1) or " ", value)


def _best_match(spans: list[tuple[int, int]], value: str, matcher: Matcher) -> int:
    """The start of the match whose neighbourhood holds the most distinct query stems."""
    best, best_score = spans[0][0], 0
    for i, (start, _) in enumerate(spans[:200]):
        seen = {
            text.stem(text.unaccent(value[s:e]))
            for s, e in spans[i:]
            if s - start < WINDOW_CHARS // 2
        }
        if len(seen) > best_score:
            best, best_score = start, len(seen)
            if best_score == len(matcher.stems):
                break
    return best


def snippet(body: str, matcher: Matcher) -> SafeString:
    """About 30 words of `body` around its best match (its beginning if nothing matches),
    escaped, matching words marked."""
    if not body:
        return SafeString("")
    spans = matcher.spans(body)
    center = _best_match(spans, body, matcher) if spans else 0
    lo = max(0, center - WINDOW_CHARS // 3)
    hi = center + WINDOW_CHARS
    # Markdown marks out, each side of the match's word apart (so its offset stays known; a
    # link around the match keeps its text).
    cut = max(lo, *(body.rfind(c, lo, center) + 1 for c in " \n\t"))
    before = _plain(body[lo:cut])
    region = before + _plain(body[cut:hi])
    words = list(text.WORD.finditer(region))
    first = next((i for i, w in enumerate(words) if w.start() >= len(before)), 0)
    start_i = max(0, first - BEFORE_WORDS) if center else 0
    chosen = words[start_i : start_i + SNIPPET_WORDS]
    if not chosen:
        return SafeString("")
    end = chosen[-1].end()
    while end < len(region) and not region[end].isspace() and len(region) - end > 0:
        end += 1  # the punctuation that closes the last word
    piece = " ".join(region[chosen[0].start() : end].split())
    html = _marked(piece, matcher.spans(piece))
    if start_i > 0 or lo > 0:
        html = "… " + html
    if start_i + SNIPPET_WORDS < len(words) or hi < len(body):
        html += " …"
    return mark_safe(html)  # noqa: S308 (escaped by _marked)

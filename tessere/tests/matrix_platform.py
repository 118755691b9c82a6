"""The permission matrix's rows for the community platform (issue 5): spaces and discussions,
the expert consultation and its moderation, the FAQ, the work repository, good practices,
the knowledge hub and the search. test_permission_matrix.py merges them into its tables; the
world below is built once per test, beside the other apps' worlds.

Secrets: a discussion in project A's private space and a document deposited there must never
show on a page of somebody outside project A (the programme admins moderate every space)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from tessere.community.models import Space
from tessere.community.tests.factories import Spaces, make_spaces
from tessere.core.models import AuditEntry
from tessere.documents.models import Document
from tessere.documents.tests.factories import make_document
from tessere.forum.models import (
    Attachment,
    ExpertTheme,
    FaqEntry,
    Flag,
    Post,
    Reaction,
    SpaceSubscription,
    Topic,
    TopicSubscription,
)
from tessere.forum.tests import factories_consult as cf
from tessere.forum.tests.factories import make_topic
from tessere.forum.tests.world import attach
from tessere.practices.models import GoodPractice
from tessere.practices.tests.factories import make_practice
from tessere.registry.models import Territory, Theme
from tessere.registry.tests import factories as f

Outcome = int | str
LOGIN = "302 to login"
DONE = "302, written"


def expect(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    from conftest import PERSONA_NAMES

    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def each(names: tuple[str, ...], outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(names, outcome)


# Who is who for the platform.
TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
PROJECT_A = ("representative", "coordinator", "operator")
# Project A's private space: its people and the programme admins (who moderate every space).
PROJECT_A_READERS = (*PROJECT_A, "programme_admin", "superuser")
DOC_EDITORS = ("operator", "coordinator", "programme_admin", "superuser")
ACCEPTERS = ("representative", "expert", "superuser")  # the asker and the experts
PRACTICE_OWNERS = ("representative", "coordinator", *TEAM)
MEMBERS_PAGE = expect(200, anonymous=LOGIN, outsider=404)

PLATFORM_SECRET = "Discussione riservata del progetto A 4HQ8"
DOCUMENT_SECRET = "Bozza riservata del progetto A 7QX"


@dataclass
class PlatformWorld:
    spaces: Spaces
    topic: Topic  # members' space: #1 by the representative, #2 by the facilitator
    attachment: Attachment  # on #1
    question: Topic  # questions space, by the representative; #2 the expert's (accepted), #3 the coordinator's
    flag: Flag  # on the question's #3, by the representative
    faq: FaqEntry
    assignment: ExpertTheme
    hidden_post: Post  # a hidden reply of the coordinator's in `topic`'s space
    document: Document  # in project A's space, by the operator
    practice: GoodPractice  # published
    draft: GoodPractice
    in_review: GoodPractice
    secrets: dict[str, set[str]]


def _practice(p: Personas, status: str) -> GoodPractice:
    cuneo = Territory.objects.filter(kind=Territory.Kind.PROVINCE, name="Cuneo").first()
    return make_practice(
        p.programme,
        project=p.project,
        status=status,
        authors=[p.representative],
        themes=[f.make_theme()],
        territories=[cuneo] if cuneo is not None else [],
    )


def _solved_question(p: Personas, spaces: Spaces, law: Theme | None = None) -> Topic:
    question = cf.make_topic(
        spaces.questions,
        p.representative,
        themes=[law] if law else [],
        replies=[(p.expert, "La ricevuta vale."), (p.coordinator, "Anche da noi.")],
        expert_replies=[2],
    )
    Topic.objects.filter(pk=question.pk).update(
        accepted_post=cf.post_of(question, 2), solved_at=timezone.now()
    )
    question.refresh_from_db()
    return question


def platform_world(p: Personas) -> PlatformWorld:
    spaces = make_spaces(p)
    topic = make_topic(spaces.members, p.representative, replies=[(p.facilitator, "Grazie.")])
    law = f.make_theme(name="Diritto dell'immigrazione")
    assignment = ExpertTheme.objects.create(programme=p.programme, user=p.expert, theme=law)
    question = _solved_question(p, spaces, law)
    flag = cf.make_flag(cf.post_of(question, 3), p.representative)
    hidden_topic = make_topic(spaces.members, p.representative, replies=[(p.coordinator, "No.")])
    hidden_post = cf.post_of(hidden_topic, 2)
    Post.objects.filter(pk=hidden_post.pk).update(is_hidden=True, hidden_reason="Fuori tema.")
    make_topic(
        spaces.project, p.coordinator, title="Riunione di partenariato", body=PLATFORM_SECRET
    )
    return PlatformWorld(
        spaces=spaces,
        topic=topic,
        attachment=attach(topic.posts.get(number=1)),
        question=question,
        flag=flag,
        faq=cf.make_faq(p.programme, topic=question),
        assignment=assignment,
        hidden_post=hidden_post,
        document=make_document(spaces.project, p.operator, title=DOCUMENT_SECRET),
        practice=_practice(p, GoodPractice.Status.PUBLISHED),
        draft=_practice(p, GoodPractice.Status.DRAFT),
        in_review=_practice(p, GoodPractice.Status.IN_REVIEW),
        secrets={
            PLATFORM_SECRET: set(PROJECT_A_READERS),
            DOCUMENT_SECRET: set(PROJECT_A_READERS),
        },
    )


# --- GET ----------------------------------------------------------------------------------------
EXPECTED: dict[str, dict[str, Outcome]] = {
    # Spaces and discussions: the members' space (anonymous visitors are asked to log in).
    "forum:space_list": expect(200),
    "forum:space": MEMBERS_PAGE,
    "forum:topic": MEMBERS_PAGE,
    "forum:post_history": MEMBERS_PAGE,
    "forum:attachment": MEMBERS_PAGE,
    "forum:topic_create": MEMBERS_PAGE,
    "forum:post_edit": expect(403, anonymous=LOGIN, outsider=404, representative=200),
    "forum:reply": expect(405, anonymous=LOGIN),
    "forum:react": expect(405, anonymous=LOGIN),
    "forum:topic_subscribe": expect(405, anonymous=LOGIN),
    "forum:space_subscribe": expect(405, anonymous=LOGIN),
    "forum:mention_search": expect(200, anonymous=LOGIN, outsider=403),
    # Expert consultation and FAQ.
    "forum:accept_answer": expect(405, anonymous=LOGIN),
    "forum:unaccept_answer": expect(405, anonymous=LOGIN),
    "forum:faq_promote": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, 200)),
    "forum:experts": expect(200, anonymous=LOGIN, outsider=403),
    "forum:expert_remove": expect(405, anonymous=LOGIN),
    "forum:unanswered": expect(403, anonymous=LOGIN, **each(TEAM, 200)),
    "forum:faq_list": expect(200),
    "forum:faq_entry": expect(200),
    "forum:faq_edit": expect(403, anonymous=LOGIN, **each(TEAM, 200)),
    # Moderation.
    "forum:topic_moderate": expect(405, anonymous=LOGIN),
    "forum:topic_hide": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, 200)),
    "forum:topic_move": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, 200)),
    "forum:post_hide": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, 200)),
    "forum:post_unhide": expect(405, anonymous=LOGIN),
    "forum:flag": expect(200, anonymous=LOGIN, outsider=404, expert=403),
    "forum:moderation_queue": expect(403, anonymous=LOGIN, coordinator=200, **each(TEAM, 200)),
    "forum:flag_resolve": expect(404, anonymous=LOGIN, **each(TEAM, 200)),
    # The work repository: a document in project A's private space.
    "documents:list": expect(200),
    "documents:create": expect(200, anonymous=LOGIN, outsider=403),
    **{
        f"documents:{name}": expect(404, **each(PROJECT_A_READERS, 200))
        for name in ("detail", "file", "download", "version_file", "version_download")
    },
    **{
        f"documents:{name}": expect(
            404, anonymous=LOGIN, representative=403, **each(DOC_EDITORS, 200)
        )
        for name in ("edit", "new_version")
    },
    # Good practices and the knowledge hub.
    "practices:list": expect(200),
    "practices:hub": expect(200),
    "practices:detail": expect(200),
    "practices:create": expect(200, anonymous=LOGIN, outsider=403),
    "practices:edit": expect(404, anonymous=LOGIN, **each(PRACTICE_OWNERS, 200)),
    "practices:submit": expect(405, anonymous=LOGIN),
    "practices:review": expect(405, anonymous=LOGIN),
    # One search: everybody (each finds what they may see).
    "search:results": expect(200),
}

WorldOf = Callable[[Any], PlatformWorld]


def _programme(w: Any) -> dict[str, Any]:
    return {"programme_slug": w.personas.programme.slug}


def _space(w: Any) -> dict[str, Any]:
    return {"programme_slug": w.personas.programme.slug, "space_slug": "confronto-libero"}


def _doc(w: Any) -> dict[str, Any]:
    return {"pk": w.platform.document.pk}


def _doc_version(w: Any) -> dict[str, Any]:
    return {"pk": w.platform.document.pk, "version_pk": w.platform.document.current_version_id}


URL_KWARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "forum:space": _space,
    "forum:topic_create": _space,
    "forum:space_subscribe": _space,
    "forum:topic": lambda w: {"pk": w.platform.topic.pk},
    "forum:reply": lambda w: {"pk": w.platform.topic.pk},
    "forum:topic_subscribe": lambda w: {"pk": w.platform.topic.pk},
    "forum:post_edit": lambda w: {"pk": w.platform.topic.pk, "number": 1},
    "forum:post_history": lambda w: {"pk": w.platform.topic.pk, "number": 1},
    "forum:react": lambda w: {"pk": w.platform.topic.pk, "number": 2},
    "forum:attachment": lambda w: {"pk": w.platform.attachment.pk},
    "forum:accept_answer": lambda w: {"pk": cf.post_of(w.platform.question, 3).pk},
    "forum:unaccept_answer": lambda w: {"pk": w.platform.question.pk},
    "forum:faq_promote": lambda w: {"pk": w.platform.question.pk},
    "forum:flag": lambda w: {"pk": cf.post_of(w.platform.question, 2).pk},
    "forum:post_hide": lambda w: {"pk": cf.post_of(w.platform.question, 3).pk},
    "forum:topic_moderate": lambda w: {"pk": w.platform.topic.pk},
    "forum:topic_hide": lambda w: {"pk": w.platform.topic.pk},
    "forum:topic_move": lambda w: {"pk": w.platform.topic.pk},
    "forum:post_unhide": lambda w: {"pk": w.platform.hidden_post.pk},
    "forum:experts": _programme,
    "forum:unanswered": _programme,
    "forum:faq_list": _programme,
    "forum:moderation_queue": _programme,
    "forum:expert_remove": lambda w: _programme(w) | {"pk": w.platform.assignment.pk},
    "forum:faq_entry": lambda w: {"pk": w.platform.faq.pk},
    "forum:faq_edit": lambda w: {"pk": w.platform.faq.pk},
    "forum:flag_resolve": lambda w: {"pk": w.platform.flag.pk},
    **{f"documents:{n}": _doc for n in ("detail", "edit", "new_version", "file", "download")},
    "documents:version_file": _doc_version,
    "documents:version_download": _doc_version,
    "practices:detail": lambda w: {"pk": w.platform.practice.pk},
    "practices:edit": lambda w: {"pk": w.platform.draft.pk},
    "practices:submit": lambda w: {"pk": w.platform.draft.pk},
    "practices:review": lambda w: {"pk": w.platform.in_review.pk},
}


# --- POST: each case makes the rows it writes to, so every persona starts from the same state ----
@dataclass
class PostCase:
    path: str
    data: dict[str, Any]
    watched: list[QuerySet[Any]]


def _audited(path: str, data: dict[str, Any], *watched: QuerySet[Any]) -> PostCase:
    return PostCase(path=path, data=data, watched=[*watched, AuditEntry.objects.all()])


def _members_topic(w: Any) -> Topic:
    p = w.personas
    return make_topic(w.platform.spaces.members, p.representative, replies=[(p.facilitator, "Sì.")])


def _topic_create(w: Any) -> PostCase:
    space = w.platform.spaces.members
    return _audited(
        reverse("forum:topic_create", kwargs=_space(w)),
        {"title": "Una nuova discussione", "body": "Il primo messaggio."},
        Topic.objects.filter(space=space),
    )


def _reply(w: Any) -> PostCase:
    topic = _members_topic(w)
    return _audited(
        reverse("forum:reply", args=[topic.pk]), {"body": "Una risposta."}, topic.posts.all()
    )


def _post_edit(w: Any) -> PostCase:
    topic = _members_topic(w)
    post = topic.posts.get(number=1)
    return _audited(
        reverse("forum:post_edit", args=[topic.pk, 1]),
        {"title": "Titolo nuovo", "body": "Testo nuovo.", "version": post.version},
        Post.objects.filter(pk=post.pk),
    )


def _react(w: Any) -> PostCase:
    topic = _members_topic(w)
    return PostCase(
        reverse("forum:react", args=[topic.pk, 2]),
        {"kind": "like"},
        [Reaction.objects.filter(post__topic=topic)],
    )


def _topic_subscribe(w: Any) -> PostCase:
    topic = _members_topic(w)
    return PostCase(
        reverse("forum:topic_subscribe", args=[topic.pk]),
        {},
        [TopicSubscription.objects.filter(topic=topic)],
    )


def _space_subscribe(w: Any) -> PostCase:
    return PostCase(
        reverse("forum:space_subscribe", kwargs=_space(w)),
        {},
        [SpaceSubscription.objects.filter(space=w.platform.spaces.members)],
    )


def _fresh_question(w: Any) -> Topic:
    return _solved_question(w.personas, w.platform.spaces)


def _accept(w: Any) -> PostCase:
    question = cf.make_topic(
        w.platform.spaces.questions,
        w.personas.representative,
        replies=[(w.personas.expert, "Così."), (w.personas.coordinator, "Anche.")],
        expert_replies=[2],
    )
    return _audited(
        reverse("forum:accept_answer", args=[cf.post_of(question, 2).pk]),
        {},
        Topic.objects.filter(pk=question.pk),
    )


def _unaccept(w: Any) -> PostCase:
    question = _fresh_question(w)
    return _audited(
        reverse("forum:unaccept_answer", args=[question.pk]),
        {},
        Topic.objects.filter(pk=question.pk),
    )


def _faq_promote(w: Any) -> PostCase:
    question = _fresh_question(w)
    return _audited(
        reverse("forum:faq_promote", args=[question.pk]),
        {"question": "Vale la ricevuta?", "answer": "Sì.", "is_published": "on"},
        FaqEntry.objects.filter(source_topic=question),
    )


def _experts(w: Any) -> PostCase:
    theme = f.make_theme()
    return _audited(
        reverse("forum:experts", kwargs=_programme(w)),
        {"expert": w.personas.expert.pk, "theme": theme.pk},
        ExpertTheme.objects.filter(theme=theme),
    )


def _expert_remove(w: Any) -> PostCase:
    assignment = ExpertTheme.objects.create(
        programme=w.personas.programme, user=w.personas.expert, theme=f.make_theme()
    )
    return _audited(
        reverse("forum:expert_remove", kwargs=_programme(w) | {"pk": assignment.pk}),
        {},
        ExpertTheme.objects.filter(pk=assignment.pk),
    )


def _faq_edit(w: Any) -> PostCase:
    entry = cf.make_faq(w.personas.programme)
    return _audited(
        reverse("forum:faq_edit", args=[entry.pk]),
        {"question": "Domanda cambiata?", "answer": "Risposta.", "is_published": "on"},
        FaqEntry.objects.filter(pk=entry.pk),
    )


def _topic_moderate(w: Any) -> PostCase:
    topic = _members_topic(w)
    return _audited(
        reverse("forum:topic_moderate", args=[topic.pk]),
        {"action": "pin"},
        Topic.objects.filter(pk=topic.pk),
    )


def _topic_hide(w: Any) -> PostCase:
    topic = _members_topic(w)
    return _audited(
        reverse("forum:topic_hide", args=[topic.pk]),
        {"reason": "Fuori tema."},
        Topic.objects.filter(pk=topic.pk),
    )


def _topic_move(w: Any) -> PostCase:
    topic = _members_topic(w)
    return _audited(
        reverse("forum:topic_move", args=[topic.pk]),
        {"to_space": w.platform.spaces.team.pk},
        Topic.objects.filter(pk=topic.pk),
    )


def _post_hide(w: Any) -> PostCase:
    question = _fresh_question(w)
    post = cf.post_of(question, 3)
    return _audited(
        reverse("forum:post_hide", args=[post.pk]),
        {"reason": "Dati personali."},
        Post.objects.filter(pk=post.pk),
    )


def _post_unhide(w: Any) -> PostCase:
    topic = _members_topic(w)
    post = topic.posts.get(number=2)
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason="Fuori tema.")
    return _audited(
        reverse("forum:post_unhide", args=[post.pk]), {}, Post.objects.filter(pk=post.pk)
    )


def _flag(w: Any) -> PostCase:
    question = _fresh_question(w)
    post = cf.post_of(question, 2)  # the expert's
    return PostCase(
        reverse("forum:flag", args=[post.pk]),
        {"reason": "spam", "note": ""},
        [Flag.objects.filter(post=post)],
    )


def _flag_resolve(w: Any) -> PostCase:
    question = _fresh_question(w)
    flag = cf.make_flag(cf.post_of(question, 3), w.personas.representative)
    return _audited(
        reverse("forum:flag_resolve", args=[flag.pk]),
        {"decision": "dismiss", "reason": ""},
        Flag.objects.filter(pk=flag.pk),
    )


def _practice_form(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Sportello mobile",
        "summary": "Una frase.",
        "project": "",
        "context": "C.",
        "problem": "P.",
        "practice": "Q.",
        "resources": "",
        "results": "R.",
        "transferability": "T.",
        "contact": "Ufficio",
        "version": "1",
    }
    return data | changes


def _practice_watch(qs: QuerySet[Any]) -> list[QuerySet[Any]]:
    return [qs, GoodPractice.authors.through.objects.all(), AuditEntry.objects.all()]


def _practice_create(w: Any) -> PostCase:
    return PostCase(
        reverse("practices:create"), _practice_form(), _practice_watch(GoodPractice.objects.all())
    )


def _practice_edit(w: Any) -> PostCase:
    draft = _practice(w.personas, GoodPractice.Status.DRAFT)
    return PostCase(
        reverse("practices:edit", args=[draft.pk]),
        _practice_form(title="Nuovo titolo"),
        _practice_watch(GoodPractice.objects.filter(pk=draft.pk)),
    )


def _practice_submit(w: Any) -> PostCase:
    draft = _practice(w.personas, GoodPractice.Status.DRAFT)
    return PostCase(
        reverse("practices:submit", args=[draft.pk]),
        {},
        _practice_watch(GoodPractice.objects.filter(pk=draft.pk)),
    )


def _practice_review(w: Any) -> PostCase:
    pending = _practice(w.personas, GoodPractice.Status.IN_REVIEW)
    return PostCase(
        reverse("practices:review", args=[pending.pk]),
        {"decision": "return", "comment": "Aggiungete i dati."},
        _practice_watch(GoodPractice.objects.filter(pk=pending.pk)),
    )


POST_EXPECTED: dict[str, dict[str, Outcome]] = {
    "forum:topic_create": expect(DONE, anonymous=LOGIN, outsider=404),
    "forum:reply": expect(DONE, anonymous=LOGIN, outsider=404),
    "forum:post_edit": expect(403, anonymous=LOGIN, outsider=404, representative=DONE),
    "forum:react": expect(DONE, anonymous=LOGIN, outsider=404, facilitator=403),
    "forum:topic_subscribe": expect(DONE, anonymous=LOGIN, outsider=404),
    "forum:space_subscribe": expect(DONE, anonymous=LOGIN, outsider=404),
    "forum:accept_answer": expect(403, anonymous=LOGIN, outsider=404, **each(ACCEPTERS, DONE)),
    "forum:unaccept_answer": expect(403, anonymous=LOGIN, outsider=404, **each(ACCEPTERS, DONE)),
    "forum:faq_promote": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, DONE)),
    "forum:experts": expect(403, anonymous=LOGIN, **each(TEAM, DONE)),
    "forum:expert_remove": expect(403, anonymous=LOGIN, **each(TEAM, DONE)),
    "forum:faq_edit": expect(403, anonymous=LOGIN, **each(TEAM, DONE)),
    "forum:topic_moderate": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, DONE)),
    "forum:topic_hide": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, DONE)),
    "forum:topic_move": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, DONE)),
    "forum:post_hide": expect(403, anonymous=LOGIN, outsider=404, **each(TEAM, DONE)),
    "forum:post_unhide": expect(404, anonymous=LOGIN, **each(TEAM, DONE)),
    "forum:flag": expect(DONE, anonymous=LOGIN, outsider=404, expert=403),
    "forum:flag_resolve": expect(404, anonymous=LOGIN, **each(TEAM, DONE)),
    "practices:create": expect(DONE, anonymous=LOGIN, outsider=403),
    "practices:edit": expect(404, anonymous=LOGIN, **each(PRACTICE_OWNERS, DONE)),
    "practices:submit": expect(404, anonymous=LOGIN, **each(PRACTICE_OWNERS, DONE)),
    "practices:review": expect(
        404, anonymous=LOGIN, representative=403, coordinator=403, **each(TEAM, DONE)
    ),
}

POST_CASES: dict[str, Callable[[Any], PostCase]] = {
    "forum:topic_create": _topic_create,
    "forum:reply": _reply,
    "forum:post_edit": _post_edit,
    "forum:react": _react,
    "forum:topic_subscribe": _topic_subscribe,
    "forum:space_subscribe": _space_subscribe,
    "forum:accept_answer": _accept,
    "forum:unaccept_answer": _unaccept,
    "forum:faq_promote": _faq_promote,
    "forum:experts": _experts,
    "forum:expert_remove": _expert_remove,
    "forum:faq_edit": _faq_edit,
    "forum:topic_moderate": _topic_moderate,
    "forum:topic_hide": _topic_hide,
    "forum:topic_move": _topic_move,
    "forum:post_hide": _post_hide,
    "forum:post_unhide": _post_unhide,
    "forum:flag": _flag,
    "forum:flag_resolve": _flag_resolve,
    "practices:create": _practice_create,
    "practices:edit": _practice_edit,
    "practices:submit": _practice_submit,
    "practices:review": _practice_review,
}

# The space a document of project A lives in, for the factories' sake.
__all__ = ["EXPECTED", "POST_CASES", "POST_EXPECTED", "URL_KWARGS", "PlatformWorld", "Space"]

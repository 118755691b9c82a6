"""A topic's page (posts in order, the accepted answer after the opening post, hidden posts as
placeholders, reactions, the reply form, the unread divider), opening a topic, replying,
following a topic.

Who gets what: the page, whoever may read the topic (404 otherwise; a hidden topic, its author
and the space's moderators); opening and replying, the space's writers (login, then 404 for a
space one cannot read, 403 for one only read); a locked topic takes replies from moderators.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space
from tessere.core.http import AuthenticatedRequest

from ..consult import topic_context
from ..forms import ReplyForm, TopicForm
from ..mentions import escape_markdown, mentioned_names, render_body, resolve
from ..models import Post, ReadState, Topic, TopicSubscription
from ..permissions import (
    can_edit_post,
    can_open_topic,
    can_react,
    can_reply,
    can_see_hidden_post,
)
from ..queries import reaction_bars
from ..services.posts import reply as reply_service
from ..services.reading import mark_read
from ..services.subscriptions import toggle_topic_subscription
from ..services.topics import create_topic
from ._common import login_instead_of_404, shows_people, visible_space, visible_topic


def author_name(post: Post, show_people: bool) -> str:
    if not show_people:
        return _("A member of the community")
    return post.author.display_name if post.author else _("A former member")


def quote_of(post: Post, show_people: bool) -> str:
    """A Markdown quote of a post, with who wrote it and a link to it."""
    attribution = _("%(name)s wrote") % {"name": escape_markdown(author_name(post, show_people))}
    lines = [f"> {line}" if line.strip() else ">" for line in post.body.strip().splitlines()]
    head = f"> {attribution} ([#{post.number}]({post.get_absolute_url()})):"
    return "\n".join([head, ">", *lines]) + "\n\n"


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def prepare_posts(user: Any, topic: Topic, posts: list[Post], show_people: bool) -> None:
    """Everything a post's template needs, computed once per page (fixed queries)."""
    names = mentioned_names(post.body for post in posts)
    people = resolve(names, topic.space) if names else {}
    bars = reaction_bars(posts, user)
    links = show_people
    for post in posts:
        post.topic = topic  # the predicates read it: no query per post
        post.can_see_text = not post.is_hidden or bool(  # type: ignore[attr-defined]
            can_see_hidden_post(user, post)
        )
        post.html = (  # type: ignore[attr-defined]
            render_body(post.body, people, links=links) if post.can_see_text else ""  # type: ignore[attr-defined]
        )
        post.reaction_bar = bars.get(post.pk, [])  # type: ignore[attr-defined]
        post.can_react = bool(can_react(user, post))  # type: ignore[attr-defined]
        post.can_edit = bool(can_edit_post(user, post))  # type: ignore[attr-defined]
        post.author_name = author_name(post, show_people)  # type: ignore[attr-defined]


def topic_page(
    request: HttpRequest, topic: Topic, *, reply_form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    space = topic.space
    show_people = shows_people(user, space)
    posts = list(
        topic.posts.select_related("author", "reply_to")
        .prefetch_related("attachments")
        .order_by("number")
    )
    prepare_posts(user, topic, posts, show_people)
    can_answer = bool(can_reply(user, topic))
    last_read: int | None = None
    subscribed = False
    if user.is_authenticated:
        last_read = (
            ReadState.objects.filter(topic=topic, user=user)
            .values_list("last_read_number", flat=True)
            .first()
        )
        mark_read(topic=topic, user=user, known=-1 if last_read is None else last_read)
        subscribed = TopicSubscription.objects.filter(topic=topic, user=user).exists()
    first_unread = None
    if last_read is not None and last_read < topic.last_post_number:
        first_unread = next((p.number for p in posts if p.number > last_read), None)
    accepted = next(
        (p for p in posts if p.pk == topic.accepted_post_id and p.number != 1),
        None,
    )
    if accepted is not None and not accepted.can_see_text:  # type: ignore[attr-defined]
        accepted = None
    if reply_form is None and can_answer:
        initial: dict[str, Any] = {}
        quoted = request.GET.get("quote", "")
        if quoted.isdigit():
            post = next((p for p in posts if p.number == int(quoted)), None)
            if post is not None and not post.is_hidden:
                initial = {"body": quote_of(post, show_people), "reply_to": post.number}
        reply_form = ReplyForm(initial=initial)
    context = {
        "topic": topic,
        "space": space,
        "posts": posts,
        "opening": posts[0] if posts and posts[0].number == 1 else None,
        "accepted": accepted,
        "first_unread": first_unread,
        "reply_form": reply_form if can_answer else None,
        "can_reply": can_answer,
        "can_moderate": bool(can_moderate_space(user, space)),
        "subscribed": subscribed,
        "show_people": show_people,
        "is_questions": space.kind == Space.Kind.QUESTIONS,
        "themes": list(topic.themes.all()),
        "projects": list(topic.projects.all()),
    }
    context.update(topic_context(user, topic, posts))
    return render(request, "forum/topic.html", context, status=status)


@login_instead_of_404
def topic(request: HttpRequest, pk: int) -> HttpResponse:
    return topic_page(request, visible_topic(request, pk))


@login_required
def topic_create(
    request: AuthenticatedRequest, programme_slug: str, space_slug: str
) -> HttpResponse:
    room = visible_space(request, programme_slug, space_slug)
    if not can_open_topic(request.user, room):
        raise PermissionDenied
    posted = request.method == "POST"
    form = TopicForm(
        request.POST if posted else None, request.FILES if posted else None, space=room
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            created = create_topic(
                space=room,
                title=data["title"],
                body=data["body"],
                by=request.user,
                themes=data.get("themes") or (),
                projects=data.get("projects") or (),
                attachments=data.get("attachments") or (),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Discussion opened."))
            return redirect(created)
    context = {"space": room, "form": form, "is_questions": room.kind == Space.Kind.QUESTIONS}
    return render(request, "forum/topic_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = visible_topic(request, pk)
    if not can_reply(request.user, found):
        raise PermissionDenied
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        reply_to = None
        if data.get("reply_to"):
            reply_to = found.posts.filter(number=data["reply_to"]).first()
        try:
            post = reply_service(
                topic=found,
                body=data["body"],
                by=request.user,
                reply_to=reply_to,
                attachments=data.get("attachments") or (),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Reply posted."))
            return redirect(post.get_absolute_url())
    return topic_page(request, found, reply_form=form, status=400)


@login_required
@require_POST
def topic_subscribe(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = visible_topic(request, pk)
    if toggle_topic_subscription(topic=found, by=request.user):
        messages.success(request, _("You will be told of every new message in this discussion."))
    else:
        messages.success(request, _("You no longer follow this discussion."))
    return redirect(found)

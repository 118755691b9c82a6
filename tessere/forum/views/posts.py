"""One post: editing it (its author; versioned), its history, reacting to it, its attachments,
and the people one may mention while writing.

Who gets what: history, whoever reads the topic (a hidden post's, those who see its text);
edit, the author (403 for the other readers); react, the space's writers on somebody else's
post; attachments, the topic's readers (404 for anybody else: no public URL exists).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.community.models import Space
from tessere.community.permissions import can_write_in_space
from tessere.community.queries import readers_of
from tessere.core.http import AuthenticatedRequest
from tessere.core.markdown import render_markdown
from tessere.core.uploads import IMAGE_TYPES
from tessere.registry.models import people_visible_to
from tessere.registry.permissions import is_member

from ..forms import PostEditForm
from ..models import Attachment, Post, Topic
from ..permissions import can_edit_post, can_read_topic, can_see_hidden_post, can_see_history
from ..services.posts import StaleEdit, edit_post
from ..services.reactions import toggle_reaction
from ._common import is_htmx, login_instead_of_404, shows_people, visible_topic
from .topics import prepare_posts

MENTION_RESULTS = 8


def _post(topic: Topic, number: int) -> Post:
    post = get_object_or_404(topic.posts.select_related("author"), number=number)
    post.topic = topic
    return post


@login_required
def post_edit(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    topic = visible_topic(request, pk)
    post = _post(topic, number)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    opening = post.number == 1
    initial = {"body": post.body, "version": post.version, "title": topic.title}
    form = PostEditForm(request.POST or None, initial=initial, opening=opening)
    current: Post | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edit_post(
                post=post,
                body=data["body"],
                title=data.get("title") if opening else None,
                version=data["version"],
                by=request.user,
            )
        except StaleEdit as stale:
            # Keep the person's text; the form now carries the current version, so saving
            # again (after comparing) is a deliberate overwrite.
            current = stale.current
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = PostEditForm(data, opening=opening)
            form.is_valid()
            form.add_error(None, stale)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Message saved."))
            return redirect(post.get_absolute_url())
    context = {
        "topic": topic,
        "post": post,
        "form": form,
        "opening": opening,
        # After a refused (stale) save: the text as it is now, to compare with one's own.
        "current": current,
        "current_html": render_markdown(current.body) if current is not None else "",
    }
    return render(request, "forum/post_edit.html", context, status=400 if form.errors else 200)


@login_instead_of_404
def post_history(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    topic = visible_topic(request, pk)
    post = _post(topic, number)
    if not can_see_history(request.user, post):
        raise Http404
    show_people = shows_people(request.user, topic.space)
    revisions = list(post.revisions.select_related("edited_by").order_by("-version"))
    for revision in revisions:
        revision.html = render_markdown(revision.body)  # type: ignore[attr-defined]
        revision.editor_name = (  # type: ignore[attr-defined]
            revision.edited_by.display_name
            if show_people and revision.edited_by
            else _("A member of the community")
        )
    context = {
        "topic": topic,
        "post": post,
        "post_html": render_markdown(post.body),
        "revisions": revisions,
        "show_people": show_people,
    }
    return render(request, "forum/post_history.html", context)


@login_required
@require_POST
def react(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    topic = visible_topic(request, pk)
    post = _post(topic, number)
    try:
        toggle_reaction(post=post, kind=request.POST.get("kind", ""), by=request.user)
    except ValidationError as exc:
        if is_htmx(request):
            return HttpResponse(" ".join(exc.messages), status=400)
        messages.error(request, " ".join(exc.messages))
    if is_htmx(request):
        prepare_posts(request.user, topic, [post], shows_people(request.user, topic.space))
        return render(request, "forum/_reactions.html", {"post": post, "topic": topic})
    return redirect(post.get_absolute_url())


@login_instead_of_404
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A post's file, after the same checks as the post itself; never a public media URL."""
    found = get_object_or_404(
        Attachment.objects.filter(
            post__topic__space__in=Space.objects.visible_to(request.user)
        ).select_related("post__topic__space__programme", "post__topic__space__project"),
        pk=pk,
    )
    post = found.post
    if not can_read_topic(request.user, post.topic):
        raise Http404
    if post.is_hidden and not can_see_hidden_post(request.user, post):
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=found.content_type not in IMAGE_TYPES,
        filename=found.filename,
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened in the browser, a file runs nothing and embeds nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def mention_search(request: AuthenticatedRequest) -> HttpResponse:
    """The people one may mention (htmx, under the text box): those the writer may see in the
    directory (members only) who can also read the space (`?space=<id>`)."""
    if not is_member(request.user):
        raise PermissionDenied
    space_id = request.GET.get("space", "")
    room = None
    if space_id:
        if not space_id.isdigit():
            raise Http404
        room = get_object_or_404(Space.objects.visible_to(request.user), pk=int(space_id))
        if not can_write_in_space(request.user, room):
            raise PermissionDenied
    # NUL bytes: PostgreSQL refuses them in a query parameter (a 500, not an empty answer).
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:80]
    people = []
    if query:
        found = people_visible_to(request.user)
        if room is not None:
            found = found.filter(pk__in=readers_of(room).values("pk"))
        for word in query.split()[:3]:
            found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        people = list(
            found.exclude(pk=request.user.pk).order_by("last_name", "first_name", "pk")[
                :MENTION_RESULTS
            ]
        )
    return render(request, "forum/_mention_options.html", {"people": people, "query": query})

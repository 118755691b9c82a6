"""Moderation: pin, lock, hide and move a topic; hide and show a post (with a reason its author
reads); flag a post; the moderators' queue of open flags.

Who gets what (the permission matrix):
- topic and post actions: the moderators of the space (community.permissions.can_moderate_space);
  a reader who does not moderate gets 403; somebody who cannot read the topic (or the hidden
  post) gets 404.
- flag: any logged-in reader who did not write the post (403 for its author).
- queue: whoever moderates at least one space of the programme, for the flags of those spaces
  only (403 for the others); a flag outside them is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space
from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme

from ..forms_consult import FlagForm, HideForm, MoveForm, ResolveFlagForm
from ..models import Flag, Post, Topic
from ..permissions_consult import can_flag_post
from ..services import moderation

QUEUE_PAGE_SIZE = 20


def errors_to_form(form: Any, exc: ValidationError) -> None:
    """A service's refusal, under the fields it names (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def readable_topic(request: AuthenticatedRequest, pk: int) -> Topic:
    """A topic of a space the person reads; a hidden one only for its author and the space's
    moderators (404 for the others)."""
    topic = get_object_or_404(
        Topic.objects.filter(space__in=Space.objects.visible_to(request.user)).select_related(
            "space__programme", "author"
        ),
        pk=pk,
    )
    hidden_from_user = topic.is_hidden and topic.author_id != request.user.pk
    if hidden_from_user and not can_moderate_space(request.user, topic.space):
        raise Http404
    return topic


def readable_post(request: AuthenticatedRequest, pk: int) -> Post:
    """A post the person may read (a hidden one: its author and the moderators)."""
    post = get_object_or_404(
        Post.objects.filter(topic__space__in=Space.objects.visible_to(request.user)).select_related(
            "topic__space__programme", "topic__accepted_post", "author"
        ),
        pk=pk,
    )
    hidden = post.is_hidden or post.topic.is_hidden
    if hidden and not can_moderate_space(request.user, post.topic.space):
        own = post.author_id == request.user.pk and (
            not post.topic.is_hidden or post.topic.author_id == request.user.pk
        )
        if not own:
            raise Http404
    return post


def _moderated_topic(request: AuthenticatedRequest, pk: int) -> Topic:
    topic = readable_topic(request, pk)
    if not can_moderate_space(request.user, topic.space):
        raise PermissionDenied
    return topic


def _moderated_post(request: AuthenticatedRequest, pk: int) -> Post:
    post = readable_post(request, pk)
    if not can_moderate_space(request.user, post.topic.space):
        raise PermissionDenied
    return post


# --- Topics ------------------------------------------------------------------------------------
TOPIC_ACTIONS = {
    "pin": (moderation.pin_topic, gettext_lazy("Topic pinned at the top of the space.")),
    "unpin": (moderation.unpin_topic, gettext_lazy("Topic no longer pinned.")),
    "lock": (moderation.lock_topic, gettext_lazy("Topic locked: nobody can reply any more.")),
    "unlock": (moderation.unlock_topic, gettext_lazy("Topic open to replies again.")),
    "unhide": (moderation.unhide_topic, gettext_lazy("Topic visible again.")),
}


@login_required
@require_POST
def topic_moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    topic = _moderated_topic(request, pk)
    action = TOPIC_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown moderation action."))
        return redirect(topic)
    service, done = action
    service(topic=topic, by=request.user)
    messages.success(request, str(done))
    return redirect(topic)


@login_required
def topic_hide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    topic = _moderated_topic(request, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.hide_topic(topic=topic, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Topic hidden: only its author and the moderators see it."))
            return redirect(topic)
    context = {"form": form, "topic": topic, "post": None}
    status = 400 if form.errors else 200
    return render(request, "forum/moderation_hide.html", context, status=status)


@login_required
def topic_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    topic = _moderated_topic(request, pk)
    spaces = (
        moderation.moderated_spaces(request.user)
        .filter(programme_id=topic.space.programme_id)
        .exclude(pk=topic.space_id)
        .exclude(kind=Space.Kind.REPOSITORY)
        .select_related("programme")
        .order_by("position", "name")
    )
    form = MoveForm(request.POST or None, spaces=spaces)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.move_topic(
                topic=topic,
                to_space=form.cleaned_data["to_space"],
                by=request.user,
                confirm_wider=form.cleaned_data["confirm_wider"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Topic moved to “%(space)s”.") % {"space": form.cleaned_data["to_space"].name},
            )
            return redirect(topic)
    context = {"form": form, "topic": topic, "has_spaces": spaces.exists()}
    status = 400 if form.errors else 200
    return render(request, "forum/moderation_move.html", context, status=status)


# --- Posts -------------------------------------------------------------------------------------
@login_required
def post_hide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = _moderated_post(request, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.hide_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Post hidden: its author reads the reason."))
            return redirect(post.get_absolute_url())
    context = {"form": form, "topic": post.topic, "post": post}
    status = 400 if form.errors else 200
    return render(request, "forum/moderation_hide.html", context, status=status)


@login_required
@require_POST
def post_unhide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = _moderated_post(request, pk)
    moderation.unhide_post(post=post, by=request.user)
    messages.success(request, _("Post visible again."))
    return redirect(post.get_absolute_url())


# --- Flags -------------------------------------------------------------------------------------
@login_required
def flag(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = readable_post(request, pk)
    if not can_flag_post(request.user, post):
        raise PermissionDenied
    existing = Flag.objects.filter(post=post, reporter=request.user).first()
    form = FlagForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            moderation.flag_post(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Thank you: the moderators of this space will look at the post.")
            )
            return redirect(post.get_absolute_url())
    if request.method == "POST" and existing is not None:
        messages.info(request, _("You had already flagged this post."))
        return redirect(post.get_absolute_url())
    context = {"form": form, "post": post, "topic": post.topic, "existing": existing}
    status = 400 if form.errors else 200
    return render(request, "forum/moderation_flag.html", context, status=status)


def _open_flags() -> Prefetch[Any]:
    return Prefetch(
        "flags",
        queryset=Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("reporter")
        .order_by("created_at", "pk"),
        to_attr="open_flags",
    )


@login_required
def moderation_queue(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.visible_to(request.user), slug=programme_slug)
    spaces = moderation.moderated_spaces(request.user).filter(programme=programme)
    space_list = list(spaces.order_by("position", "name"))
    if not space_list:
        raise PermissionDenied
    flagged = (
        Post.objects.filter(topic__space__in=[s.pk for s in space_list])
        .annotate(
            open_count=Count("flags", filter=Q(flags__status=Flag.Status.OPEN)),
            last_flagged=Max("flags__created_at", filter=Q(flags__status=Flag.Status.OPEN)),
        )
        .filter(open_count__gt=0)
        .select_related("topic__space", "author")
        .prefetch_related(_open_flags())
        .order_by("-last_flagged", "-pk")
    )
    page = Paginator(flagged, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "spaces": space_list,
        "page": page,
        "form": ResolveFlagForm(),
    }
    return render(request, "forum/moderation_queue.html", context)


@login_required
def flag_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One flagged post and the decision on it (the queue posts here; errors come back here,
    with what was typed)."""
    found = get_object_or_404(
        Flag.objects.filter(
            post__topic__space__in=moderation.moderated_spaces(request.user)
        ).select_related("post__topic__space__programme", "post__author"),
        pk=pk,
    )
    post = found.post
    form = ResolveFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uphold = form.cleaned_data["decision"] == ResolveFlagForm.UPHOLD
        try:
            moderation.resolve_flag(
                flag=found, uphold=uphold, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if uphold:
                messages.success(request, _("Post hidden: its author reads the reason."))
            else:
                messages.success(request, _("Flags dismissed: the post stays visible."))
            return redirect("forum:moderation_queue", post.topic.space.programme.slug)
    flags = list(
        post.flags.filter(status=Flag.Status.OPEN).select_related("reporter").order_by("pk")
    )
    context = {"form": form, "flag": found, "post": post, "topic": post.topic, "flags": flags}
    status = 400 if form.errors else 200
    return render(request, "forum/moderation_resolve.html", context, status=status)

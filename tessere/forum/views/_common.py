"""Lookups every discussion view shares: a space or a topic the user may read (404 otherwise),
the moderators' way to hidden topics, htmx detection, the documents' link."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space
from tessere.registry.permissions import is_member

from ..models import Topic

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def login_instead_of_404(view: V) -> V:
    """Anonymous visitors asking for something they cannot see are sent to log in (a link
    from an email, after the session expired), whether it exists or not: nothing leaks."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapper  # type: ignore[return-value]


def is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def visible_space(request: HttpRequest, programme_slug: str, space_slug: str) -> Space:
    return get_object_or_404(
        Space.objects.visible_to(request.user).select_related("programme", "project"),
        programme__slug=programme_slug,
        slug=space_slug,
    )


def visible_topic(request: HttpRequest, pk: int) -> Topic:
    """A topic the user may read; a hidden one also for the space's moderators (visible_to
    gives hidden topics to their authors and superusers only)."""
    related = ("space__programme", "space__project", "author", "accepted_post")
    topic = Topic.objects.visible_to(request.user).select_related(*related).filter(pk=pk).first()
    if topic is not None:
        return topic
    user = request.user
    if user.is_authenticated:
        hidden = (
            Topic.objects.filter(space__in=Space.objects.visible_to(user), pk=pk, is_hidden=True)
            .select_related(*related)
            .first()
        )
        if hidden is not None and can_moderate_space(user, hidden.space):
            return hidden
    raise Http404


def shows_people(user: Any, space: Space) -> bool:
    """People's names are for the programme's members (the public reads a public space's
    messages, not who wrote them: the directory is not public)."""
    return bool(is_member(user, space.programme))


def documents_url(space: Space) -> str:
    """The work repository's list for a space (the documents app may not be installed yet)."""
    try:
        base = reverse("documents:list")
    except NoReverseMatch:
        base = "/archivio/"
    return f"{base}?space={space.slug}"

"""The spaces: the list of those one may read, and one space's topics (filters as an htmx
partial, pages), with the unread markers; subscribing to a space.

Who gets what: the list, anyone (it shows what `Space.objects.visible_to` gives); a space one
may not read is a 404; subscribing needs an account (login), then reading rights (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space, can_write_in_space
from tessere.core.http import AuthenticatedRequest

from ..forms import SpaceFilterForm
from ..models import SpaceSubscription
from ..permissions import can_open_topic
from ..queries import spaces_for, topic_list
from ..services.subscriptions import toggle_space_subscription
from ._common import documents_url, is_htmx, login_instead_of_404, shows_people, visible_space

PAGE_SIZE = 25


def space_list(request: HttpRequest) -> HttpResponse:
    spaces = spaces_for(request.user)
    groups: list[tuple[object, list[Space]]] = []
    for space in spaces:
        if not groups or groups[-1][0] != space.programme:
            groups.append((space.programme, []))
        groups[-1][1].append(space)
    for space in spaces:
        if space.kind == Space.Kind.REPOSITORY:
            space.documents_url = documents_url(space)  # type: ignore[attr-defined]
    context = {"groups": groups, "many_programmes": len(groups) > 1}
    return render(request, "forum/space_list.html", context)


@login_instead_of_404
def space(request: HttpRequest, programme_slug: str, space_slug: str) -> HttpResponse:
    room = visible_space(request, programme_slug, space_slug)
    user = request.user
    context: dict[str, object] = {
        "space": room,
        "can_open": can_open_topic(user, room),
        "can_moderate": bool(can_moderate_space(user, room)),
        "can_write": bool(can_write_in_space(user, room)),
        "show_people": shows_people(user, room),
        "is_questions": room.kind == Space.Kind.QUESTIONS,
    }
    if room.kind == Space.Kind.REPOSITORY:
        context["documents_url"] = documents_url(room)
        return render(request, "forum/space.html", context)
    form = SpaceFilterForm(request.GET or None, space=room)
    topics = topic_list(room, user, moderator=bool(context["can_moderate"]))
    if form.is_bound:
        form.is_valid()  # the valid filters apply; the others are ignored (and said so)
        data = form.cleaned_data
        if data.get("theme"):
            topics = topics.filter(themes=data["theme"])
        if data.get("project"):
            topics = topics.filter(projects=data["project"])
        if data.get("status") == "solved":
            topics = topics.filter(accepted_post__isnull=False)
        elif data.get("status") == "unsolved":
            topics = topics.filter(accepted_post__isnull=True)
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        last_read = getattr(row, "last_read", None)
        row.unread_count = (  # type: ignore[attr-defined]
            row.last_post_number - last_read if last_read is not None else 0
        )
    context |= {
        "form": form,
        "page": page,
        "subscribed": user.is_authenticated
        and SpaceSubscription.objects.filter(space=room, user=user).exists(),
    }
    name = "forum/space.html"
    return render(request, f"{name}#results" if is_htmx(request) else name, context)


@login_required
@require_POST
def space_subscribe(
    request: AuthenticatedRequest, programme_slug: str, space_slug: str
) -> HttpResponse:
    room = visible_space(request, programme_slug, space_slug)
    if toggle_space_subscription(space=room, by=request.user):
        messages.success(request, _("You will be told of every new discussion in this space."))
    else:
        messages.success(request, _("You no longer follow this space."))
    return redirect(room)

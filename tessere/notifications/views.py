"""The bell, the notifications page, the preferences and the one-click unsubscribe.

Everything a person reaches here is theirs: notifications are looked up through
`Notification.objects.visible_to(user)` (the recipient only, superusers included), so somebody
else's is a 404 and stays untouched. The unsubscribe link works without logging in: its signed
token names the person and the kind, and it can only turn emails off.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tessere.accounts.models import User
from tessere.core.http import AuthenticatedRequest

from . import services
from .forms import PreferencesForm
from .models import Notification
from .registry import kinds

PAGE_SIZE = 25
LIST_TEMPLATE = "notifications/notification_list.html"


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _local_path(url: str) -> bool:
    """A path on this site ("/incontri/..."), never another host ("//evil", "https://...")."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def _back(request: HttpRequest) -> HttpResponse:
    """Without JavaScript, a form posts and comes back to the page it was on."""
    target = request.POST.get("next", "")
    return redirect(target if _local_path(target) else "notifications:list")


# --- The list -------------------------------------------------------------------------------------
@login_required
@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    show = "unread" if request.GET.get("show") == "unread" else "all"
    notifications = Notification.objects.visible_to(request.user)
    if show == "unread":
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": show,
        "unread": services.unread_count(request.user),
        "here": request.get_full_path(),
    }
    template = f"{LIST_TEMPLATE}#results" if _is_htmx(request) else LIST_TEMPLATE
    return render(request, template, context)


@login_required
@require_GET
def open_notification(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is read now; off to its page when that is a local path."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect(notification.url if _local_path(notification.url) else "notifications:list")


@login_required
@require_POST
def mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if _is_htmx(request):
        notification.refresh_from_db(fields=["read_at"])
        response = render(request, f"{LIST_TEMPLATE}#row", {"notification": notification})
        response["HX-Trigger"] = "notifications-read"  # the bell counts again
        return response
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = services.mark_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    return _back(request)


@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The bell's count (htmx, on load and every two minutes). Nobody logged in: nothing."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    count = services.unread_count(request.user)
    return render(request, "notifications/unread_badge.html", {"count": count})


# --- Preferences ----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None,
        current=services.preferences_of(request.user),
        frequency=services.digest_frequency_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user=request.user,
            deliveries=form.deliveries(),
            digest_frequency=form.cleaned_data["digest_frequency"],
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# --- Unsubscribe (no login) -------------------------------------------------------------------------
def _subject(kind: str) -> str:
    """What the link stops, in words: "emails about <kind>", "the digest", "all emails"."""
    if kind == services.ALL_KINDS:
        return _("all emails from Tessere")
    if kind == services.DIGEST:
        return _("the digest email")
    found = kinds.get(kind)
    label = str(found.label) if found else kind
    return _("emails about “%(kind)s”") % {"kind": label}


# Mail clients post here with `List-Unsubscribe=One-Click` and no CSRF token (RFC 8058): the
# signed token is the proof, and all it can do is turn emails off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.read_unsubscribe_token(token)
    person = User.objects.filter(pk=found[0]).first() if found else None
    if found is None or person is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    kind = found[1]
    if request.method == "POST":
        scope = services.ALL_KINDS if request.POST.get("scope") == "all" else kind
        services.stop_email(user=person, kind=scope)
        return render(request, "notifications/unsubscribe_done.html", {"subject": _subject(scope)})
    context = {
        "subject": _subject(kind),
        "offer_all": kind != services.ALL_KINDS,
        "token": token,
    }
    return render(request, "notifications/unsubscribe.html", context)

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from tessere.core.http import AuthenticatedRequest

from .forms import ProfileForm
from .models import User
from .services import update_profile


@login_required
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    # The form works on its own copy: validation writes the typed values onto its instance,
    # and a refused form must not rename request.user for the rest of the page.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        update_profile(user=user, data=form.cleaned_data, by=user)
        translation.activate(form.cleaned_data["language"])
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"], samesite="Lax"
        )
        return response
    return render(request, "accounts/profile_form.html", {"form": form})


@login_required
def email_address(request: AuthenticatedRequest) -> HttpResponse:
    """A person's login address is the one their invitation proved; it is not changed alone.

    Replaces allauth's page to add or change addresses: with invitation-only accounts and no
    verification step, it would let anyone claim an address that is not theirs.
    """
    return render(request, "accounts/email_address.html")

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
from .services import update_profile


@login_required
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
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

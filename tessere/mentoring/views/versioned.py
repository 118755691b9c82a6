"""The edit flow shared by findings and actions: a save based on an old version is refused,
the second person sees what is saved now and keeps what they typed, and a deliberate second
save (at the current version) goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Project

from ..services.findings import StaleEdit


def edit_with_version(
    request: AuthenticatedRequest,
    *,
    obj: Any,
    project: Project,
    form_class: type[forms.ModelForm],
    save: Callable[[dict[str, Any], int], Any],  # the saved object (has get_absolute_url)
    render_form: Callable[..., HttpResponse],
    saved_message: str,
) -> HttpResponse:
    opened_at = obj.version
    form = form_class(request.POST or None, instance=obj, project=project)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            updated = save(form.cleaned_data, opened_at if version is None else version)
        except StaleEdit as stale:
            current = stale.current
            data = request.POST.copy()
            data["version"] = str(current.version)  # type: ignore[attr-defined]
            fresh = type(obj).objects.get(pk=obj.pk)
            form = form_class(data, instance=fresh, project=project)  # type: ignore[call-arg]
            form.is_valid()
            return render_form(form, current, conflict=current)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, saved_message)
            return redirect(updated)
    return render_form(form, obj)

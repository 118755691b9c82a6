from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "phone",
            "bio",
            "share_email",
            "share_phone",
            "participant_list_visibility",
            "language",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789 +./-()")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(
                _("Write a phone number with digits, spaces and an optional +.")
            )
        return phone

"""Form rendering for the whole site: Bootstrap Italia markup, labelled, errors announced.
Plus the form fields that stop hostile input before the database sees it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

# The largest id a database stores (64-bit integers).
BIGINT_MAX = 2**63 - 1


class TessereFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing ids beyond 64 bits as invalid choices:
    Django passes them to `pk__in=[...]`, where SQLite raises OverflowError (a 500)."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and (self.to_field_name or "pk") == "pk":
            for pk in value:
                text = str(pk).strip().lstrip("+-")
                if text.isdecimal() and int(text) > BIGINT_MAX:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)

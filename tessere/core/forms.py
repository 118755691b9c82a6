"""Form rendering for the whole site: Bootstrap Italia markup, labelled, errors announced."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class TessereFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "tessere.agenda"
    label = "agenda"
    verbose_name = _("Calendar")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app declares what it puts in the calendar in `calendar_entries.py`.
        autodiscover_modules("calendar_entries")

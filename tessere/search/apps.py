from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tessere.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import signals

        # Every app declares what the search finds in `search.py` (core/search.py's registry);
        # every app's models are loaded by now, whatever the order of INSTALLED_APPS.
        autodiscover_modules("search")
        signals.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "tessere.networks"
    label = "networks"
    verbose_name = _("Territorial networks")

    def ready(self) -> None:
        from tessere.core.panels import organisation_panels, programme_panels

        from .panels import organisation_network_panel, programme_network_panel

        organisation_panels.register("networks.organisation", organisation_network_panel, order=10)
        programme_panels.register("networks.map", programme_network_panel, order=30)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "tessere.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        from tessere.core.panels import personal_panels, programme_panels, project_panels

        from .home_panels import my_actions_panel
        from .project_panels import mentoring_link_panel, mentoring_overview_panel

        personal_panels.register("mentoring.actions", my_actions_panel, order=20)
        project_panels.register("mentoring.link", mentoring_link_panel, order=10)
        programme_panels.register("mentoring.overview", mentoring_overview_panel, order=20)

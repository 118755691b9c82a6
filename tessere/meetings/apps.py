from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tessere.meetings"
    label = "meetings"
    verbose_name = _("Community meetings")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from tessere.core.panels import personal_panels, programme_panels

        from .home_panels import my_meetings_panel
        from .panels import meeting_plan_panel

        # Reference data, not domain flow: every database gets the built-in method library.
        post_migrate.connect(_sync_methods, sender=self)
        programme_panels.register("meetings.plan", meeting_plan_panel, order=10)
        personal_panels.register("meetings.mine", my_meetings_panel, order=10)


def _sync_methods(**kwargs: object) -> None:
    from .library import sync_builtin_methods

    sync_builtin_methods()

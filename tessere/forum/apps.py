from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "tessere.forum"
    label = "forum"
    verbose_name = _("Discussions and expert consultation")

    def ready(self) -> None:
        from . import permissions  # noqa: F401

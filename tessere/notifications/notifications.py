"""This app's own part of the digest: the person's notifications meant for it (digest.py).

Autodiscovered like every app's `notifications.py` (NotificationsConfig.ready())."""

from .digest import register_builtin_section

register_builtin_section()

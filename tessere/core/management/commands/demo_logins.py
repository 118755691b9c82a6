"""manage.py demo_logins: print the demo accounts that exist in this database (make run ends with it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from .seed_demo import write_logins

# Each app that seeds demo people names its (role, email) pairs here, by dotted path.
DEMO_LOGIN_SOURCES = ["tessere.registry.seeds.DEMO_LOGINS"]


class Command(BaseCommand):
    help = "Print the demo logins (role, email, password) present in the database."

    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[tuple[str, str]] = []
        for path in DEMO_LOGIN_SOURCES:
            logins += list(import_string(path))
        existing = set(
            get_user_model()
            .objects.filter(email__in=[e for _, e in logins])
            .values_list("email", flat=True)
        )
        present = [(label, email) for label, email in logins if email in existing]
        if not present:
            self.stdout.write("No demo account in this database.")
            return
        self.stdout.write("Demo logins:")
        write_logins(self.stdout, present)

"""The one call every service makes to leave a trace: log_action(obj, "app.thing.done", by=user)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def log_action(obj: models.Model | None, action: str, *, by: Any = None, **data: Any) -> AuditEntry:
    actor = by if getattr(by, "is_authenticated", False) else None
    entry = AuditEntry(action=action, actor=actor, data=data)
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry

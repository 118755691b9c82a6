"""Demo notifications: what the bell of the demo people shows. Each app declares, in its
notifications.py, a source of DemoNotification (`registry.demo_sources`): the events its demo
data implies (places confirmed, actions assigned...). They are written as already happened,
marked read when older than three days, and never emailed (email status "none").

Idempotent like every seed: one row per (recipient, event_key); a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from tessere.core.seeding import BulkWriter

from .models import Notification
from .registry import demo_sources, kinds

READ_AFTER = dt.timedelta(days=3)


def seed(
    *, scale: int = 1, stdout: TextIO | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    now = now or timezone.now()
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for _key, source in sorted(demo_sources.items()):
        for demo in source(now):
            if demo.kind not in kinds or (demo.recipient_id, demo.event_key) in seen:
                continue
            seen.add((demo.recipient_id, demo.event_key))
            target = demo.target
            rows.append(
                {
                    "recipient_id": demo.recipient_id,
                    "event_key": demo.event_key[:200],
                    "kind": demo.kind,
                    "data": demo.data,
                    "url": demo.url,
                    "content_type": ContentType.objects.get_for_model(target) if target else None,
                    "object_id": target.pk if target is not None else None,
                    "email_status": Notification.EmailStatus.NONE,
                    "created_at": demo.created_at,
                    "read_at": demo.created_at + READ_AFTER
                    if demo.read or now - demo.created_at > READ_AFTER
                    else None,
                }
            )
    writer = BulkWriter()
    with transaction.atomic():
        existing = Notification.objects.filter(
            recipient_id__in={row["recipient_id"] for row in rows}
        ).only("pk", "recipient_id", "event_key", "kind", "data", "url")
        writer.sync(
            Notification,
            rows,
            key=("recipient_id", "event_key"),
            existing=existing,
            create_only=(
                "created_at",
                "read_at",
                "email_status",
                "content_type",
                "object_id",
                "data",
                "url",
                "kind",
            ),
        )
    return {
        "notifications": len(rows),
        "created": dict(writer.created),
        "updated": dict(writer.updated),
    }

"""Background work of the meetings app (django-tasks).

The emails about places and meetings are notifications (meetings/notifications.py): the
notifications app sends them after the commit, re-checking the state when its task runs. What
remains here is the deferred reminder to close a meeting, queued for the day after its end.
"""

from __future__ import annotations

from django_tasks import task

from .models import Meeting


@task()
def remind_to_close(meeting_id: int) -> bool:
    from .services.meetings import send_close_reminder

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    return bool(meeting and send_close_reminder(meeting=meeting))

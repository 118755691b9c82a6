"""Background work of the registry, run by the django-tasks worker."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Invitation


@task()
def send_invitation_email(invitation_id: int, token: str) -> bool:
    from .services import invitation_url

    invitation = (
        Invitation.objects.select_related("programme", "project", "organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    # Re-checked when the task runs: a revoked or expired invitation is not sent.
    if invitation is None or not invitation.is_pending:
        return False
    with translation.override("it"):
        context = {"invitation": invitation, "url": invitation_url(token)}
        subject = render_to_string("registry/email/invitation_subject.txt", context).strip()
        text = render_to_string("registry/email/invitation.txt", context)
        html = render_to_string("registry/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True

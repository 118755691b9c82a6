"""Every email Tessere sends to a person with an account goes through `send_to_person()`:
it adds the one-click unsubscribe (RFC 8058: List-Unsubscribe and List-Unsubscribe-Post), the
footer links (unsubscribe from this kind, all preferences) and the programme's look.

Templates: an app renders its own subject/text/HTML with `render_email()`, which adds to the
context `unsubscribe_url` (this kind), `unsubscribe_all_url` and `preferences_url`, and whose
HTML templates extend "notifications/email/base.html" (blocks `heading`, `body`, `after`; the
footer with the links is drawn there) while text ones end with
`{% include "notifications/email/footer.txt" %}`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .registry import EmailContent
from .services import ALL_KINDS, unsubscribe_url

ROME = "Europe/Rome"


def footer_context(person: Any, kind: str) -> dict[str, Any]:
    return {
        "unsubscribe_url": unsubscribe_url(person, kind),
        "unsubscribe_all_url": unsubscribe_url(person, ALL_KINDS),
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        "site_url": settings.SITE_URL,
        "kind_key": kind,
    }


def render_email(*, person: Any, kind: str, stem: str, context: dict[str, Any]) -> EmailContent:
    """Render `{stem}_subject.txt`, `{stem}.txt` and `{stem}.html` in the person's language and
    Rome's time, with the footer context."""
    full = {**context, **footer_context(person, kind), "person": person}
    with translation.override(person.language or settings.LANGUAGE_CODE), timezone.override(ROME):
        subject = render_to_string(f"{stem}_subject.txt", full)
        text = render_to_string(f"{stem}.txt", full)
        html = render_to_string(f"{stem}.html", full)
    return EmailContent(subject=" ".join(subject.split()), text=text, html=html)


def send_to_person(*, person: Any, kind: str, content: EmailContent) -> None:
    """Send one email to one person, with the unsubscribe headers. Raises what the mail
    backend raises (SMTP errors): the caller decides about retrying."""
    link = unsubscribe_url(person, kind)
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(content.html, "text/html")
    for filename, body, mimetype in content.attachments:
        message.attach(filename, body, mimetype)
    message.send()

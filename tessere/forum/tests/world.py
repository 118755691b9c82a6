"""A small world for the discussions' view tests: a topic in the members' space with a reply
and a file, one in project A's space with a file, and what the URLs need."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import Personas
from tessere.documents.demo_files import make_png

from ..models import Attachment, Post, Topic
from .factories import Spaces, make_topic

# A real (tiny) PNG: attachments are decoded and re-saved without their metadata.
PNG = make_png(size=(8, 8))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(post: Post, name: str = "foto.png", data: bytes = PNG) -> Attachment:
    content_type = "image/png" if data.startswith(b"\x89PNG") else "application/pdf"
    attachment = Attachment(post=post, filename=name, content_type=content_type, size=len(data))
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@dataclass
class World:
    personas: Personas
    spaces: Spaces
    topic: Topic  # members' space, opened by the representative, a reply by the facilitator
    private: Topic  # project A's space, opened by the coordinator
    attachment: Attachment  # on the members' topic
    private_attachment: Attachment  # on project A's topic

    def urls(self) -> dict[str, str]:
        p, s = self.personas.programme.slug, self.spaces.members.slug
        pk = self.topic.pk
        return {
            "forum:space_list": reverse("forum:space_list"),
            "forum:space": reverse("forum:space", args=[p, s]),
            "forum:topic_create": reverse("forum:topic_create", args=[p, s]),
            "forum:space_subscribe": reverse("forum:space_subscribe", args=[p, s]),
            "forum:topic": reverse("forum:topic", args=[pk]),
            "forum:reply": reverse("forum:reply", args=[pk]),
            "forum:topic_subscribe": reverse("forum:topic_subscribe", args=[pk]),
            "forum:post_edit": reverse("forum:post_edit", args=[pk, 1]),
            "forum:post_history": reverse("forum:post_history", args=[pk, 1]),
            "forum:react": reverse("forum:react", args=[pk, 2]),
            "forum:attachment": reverse("forum:attachment", args=[self.attachment.pk]),
            "forum:mention_search": reverse("forum:mention_search"),
        }


def make_world(personas: Personas, spaces: Spaces) -> World:
    p = personas
    topic = make_topic(
        spaces.members,
        p.representative,
        title="Co-progettazione con i comuni",
        body="Come avete coinvolto i comuni?",
        replies=[(p.facilitator, "Con un tavolo mensile.")],
    )
    private = make_topic(
        spaces.project, p.coordinator, title="Cabina di regia", body="Verbale riservato."
    )
    return World(
        personas=p,
        spaces=spaces,
        topic=topic,
        private=private,
        attachment=attach(topic.posts.get(number=1)),
        private_attachment=attach(private.posts.get(number=1), "verbale.pdf", PDF),
    )

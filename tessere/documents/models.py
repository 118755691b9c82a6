"""The work repository: documents, presentations, images, audio, video and links that the
projects and the community deposit, each with its versions.

A document lives in a space (the programme's repository, or a project's private space) and
takes its visibility from it: `Document.objects.visible_to(user)` is
`space__in=Space.objects.visible_to(user)`. A new file is a new DocumentVersion; old ones are
kept and stay downloadable from the history. Files are stored with the default storage under
"documents/<document id>/<random>/" but never served from MEDIA_URL: only through the
permission-checked views (views/files.py), which re-check visibility on every request.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessere.community.models import Space
from tessere.core.models import TimeStampedModel
from tessere.core.uploads import AUDIO_TYPES, IMAGE_TYPES, VIDEO_TYPES
from tessere.meetings.models import Meeting
from tessere.registry.models import Project, Theme


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC_BY_NC_SA = (
        "cc-by-nc-sa-4.0",
        _("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)"),
    )
    CC_BY_ND = "cc-by-nd-4.0", _("Creative Commons Attribution-NoDerivatives 4.0 (CC BY-ND 4.0)")
    CC_BY_NC_ND = (
        "cc-by-nc-nd-4.0",
        _("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 (CC BY-NC-ND 4.0)"),
    )
    CC0 = "cc0-1.0", _("Public domain dedication (CC0 1.0)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


# The official deeds (human-readable summaries, with the legal code one click away).
LICENCE_DEEDS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}
# Short names for badges.
LICENCE_SHORT = {
    Licence.CC_BY: "CC BY 4.0",
    Licence.CC_BY_SA: "CC BY-SA 4.0",
    Licence.CC_BY_NC: "CC BY-NC 4.0",
    Licence.CC_BY_NC_SA: "CC BY-NC-SA 4.0",
    Licence.CC_BY_ND: "CC BY-ND 4.0",
    Licence.CC_BY_NC_ND: "CC BY-NC-ND 4.0",
    Licence.CC0: "CC0 1.0",
}


# Bootstrap Italia's sprite: the icon beside each kind's name (never the only signal).
KIND_ICONS = {
    "document": "it-file",
    "presentation": "it-presentation",
    "image": "it-file-image",
    "audio": "it-file-audio",
    "video": "it-file-video",
    "link": "it-link",
}


def deposit_spaces() -> Q:
    """Where documents may live: the repositories and the projects' private spaces."""
    return Q(kind=Space.Kind.REPOSITORY) | Q(visibility=Space.Visibility.PROJECT)


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: Any) -> DocumentQuerySet:
        return self.filter(space__in=Space.objects.visible_to(user))


class Document(TimeStampedModel):
    """A piece of work deposited in the repository: a file with its versions, or a link."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document")
        PRESENTATION = "presentation", _("presentation")
        IMAGE = "image", _("image")
        AUDIO = "audio", _("audio")
        VIDEO = "video", _("video")
        LINK = "link", _("link")

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="documents"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="documents"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authors"),
        blank=True,
        related_name="authored_documents",
    )
    authors_text = models.CharField(
        _("other authors"),
        max_length=300,
        blank=True,
        help_text=_("Authors without an account here, e.g. “Università di Torino, M. Rossi”."),
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    date = models.DateField(_("date of the work"), null=True, blank=True)
    link_url = models.URLField(_("link"), max_length=500, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deposited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            # A link is nothing but its address.
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(link_url=""), name="documents_link_has_url"
            ),
        ]
        indexes = [models.Index(fields=["space", "-date"], name="documents_space_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def kind_icon(self) -> str:
        return KIND_ICONS.get(self.kind, "it-file")

    @property
    def licence_deed(self) -> str:
        return LICENCE_DEEDS.get(Licence(self.licence), "")

    @property
    def licence_short(self) -> str:
        return LICENCE_SHORT.get(Licence(self.licence), str(self.get_licence_display()))

    @property
    def has_file(self) -> bool:
        return self.current_version_id is not None

    @property
    def preview(self) -> str:
        """How the page shows it: "image", "pdf", "audio", "video" or "" (needs current_version)."""
        version = self.current_version
        return version.preview if version is not None else ""


def version_path(instance: DocumentVersion, filename: str) -> str:
    # Never served from this path: the file views check who asks. The random part keeps two
    # versions called the same apart and makes the path unguessable anyway.
    return f"documents/{instance.document_id}/{secrets.token_hex(8)}/{filename}"


class DocumentVersion(models.Model):
    """One file of a document. A new file is a new row: the old ones stay in the history."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    note = models.CharField(
        _("what changed"), max_length=300, blank=True, help_text=_("E.g. “Corrected figures”.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}: {self.filename}"

    @property
    def preview(self) -> str:
        if self.content_type in IMAGE_TYPES:
            return "image"
        if self.content_type == "application/pdf":
            return "pdf"
        if self.content_type in AUDIO_TYPES:
            return "audio"
        if self.content_type in VIDEO_TYPES:
            return "video"
        return ""

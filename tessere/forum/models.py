"""Discussions in the community's spaces, and the expert consultation.

A Topic lives in a space (community.Space) and takes its visibility from it. Its posts are
numbered from 1 (the opening post) in the order written. In a space of kind "questions" a
topic is a question: it may carry a theme (whose experts are told), and one of its answers
may be accepted (`accepted_post`), which shows it first and marks the question solved.

Everything is Markdown rendered with HTML off and sanitised (core/markdown.py). Edits keep
every earlier text (PostRevision) and the page shows that a post was edited. Hidden posts and
topics stay in the database with the reason the author sees; moderation is in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessere.community.models import Space
from tessere.core.models import TimeStampedModel
from tessere.registry.models import Programme, Project, Theme


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible_to(self, user: Any) -> TopicQuerySet:
        """Topics of the spaces the user may read. Hidden topics only to their author and the
        space's moderators (the views add the moderators; here: author and superusers)."""
        visible = self.filter(space__in=Space.objects.visible_to(user))
        if getattr(user, "is_superuser", False):
            return visible
        if user is None or not user.is_authenticated:
            return visible.filter(is_hidden=False)
        return visible.filter(Q(is_hidden=False) | Q(author=user))

    def questions(self) -> TopicQuerySet:
        return self.filter(space__kind=Space.Kind.QUESTIONS)


class Topic(TimeStampedModel):
    """A discussion (or, in an expert consultation space, a question)."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="forum_topics"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="forum_topics"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    # Kept by the services so lists need no aggregate: replies = posts - 1 (visible ones).
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    last_post_number = models.PositiveIntegerField(default=1)
    last_posted_at = models.DateTimeField(_("last activity"), db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    # Expert consultation.
    accepted_post = models.ForeignKey(
        "Post",
        verbose_name=_("accepted answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    expert_answered_at = models.DateTimeField(
        _("first expert answer"),
        null=True,
        blank=True,
        help_text=_("When an expert first answered (unanswered questions are listed)."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_posted_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [models.Index(fields=["space", "-is_pinned", "-last_posted_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:topic", args=[self.pk])

    @property
    def programme(self) -> Programme:
        return self.space.programme

    @property
    def is_question(self) -> bool:
        return self.space.kind == Space.Kind.QUESTIONS

    @property
    def is_solved(self) -> bool:
        return self.accepted_post_id is not None


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: Any) -> PostQuerySet:
        """Posts of visible topics. Hidden posts: to their author (with the reason) and
        superusers; moderators see them through the views."""
        visible = self.filter(topic__in=Topic.objects.visible_to(user))
        if getattr(user, "is_superuser", False):
            return visible
        if user is None or not user.is_authenticated:
            return visible.filter(is_hidden=False)
        return visible.filter(Q(is_hidden=False) | Q(author=user))


class Post(models.Model):
    """One message of a topic; number 1 opens it."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    body = models.TextField(_("text"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("written at"), db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Raised on every edit: an edit based on an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=1)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when written: the author was one of the programme's experts (an expert's answer).
    is_expert_answer = models.BooleanField(_("expert's answer"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "number"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="forum_post_number"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.topic.get_absolute_url()}#post-{self.number}"


class PostRevision(models.Model):
    """An earlier text of a post, kept at each edit (the history readers can open)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    title = models.CharField(max_length=200, blank=True, help_text="The topic's title, for #1.")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["post", "version"]
        constraints = [
            models.UniqueConstraint(fields=["post", "version"], name="forum_revision_version"),
        ]

    def __str__(self) -> str:
        return f"{self.post} v{self.version}"


class Reaction(models.Model):
    """A person's reaction to a post (one of each kind per person)."""

    class Kind(models.TextChoices):
        LIKE = "like", _("I like it")
        THANKS = "thanks", _("Thank you")
        USEFUL = "useful", _("Useful")
        IDEA = "idea", _("Gives me an idea")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="forum_reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.post}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never served from this path: the download view checks who asks.
    return f"forum/{instance.post.topic_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a post, checked by content (core/uploads.py), served by a view."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "pk"]

    def __str__(self) -> str:
        return self.filename


class TopicSubscription(models.Model):
    """Tell me of every new post in this topic (authors and repliers are subscribed)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_topic_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="forum_topic_subscription"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic}"


class SpaceSubscription(models.Model):
    """Tell me of every new topic in this space."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_space_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="forum_space_subscription"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.space}"


class ReadState(models.Model):
    """How far a person has read a topic: posts numbered above are unread."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_read_states"
    )
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="forum_read_state"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.topic} {self.last_read_number}"


class Flag(models.Model):
    """A post reported to the moderators, who hide it (with a reason) or dismiss the flag."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("offensive or disrespectful")
        PERSONAL_DATA = "personal_data", _("contains personal data")
        SPAM = "spam", _("spam or advertising")
        OFF_TOPIC = "off_topic", _("off topic")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        UPHELD = "upheld", _("post hidden")
        DISMISSED = "dismissed", _("dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note for the moderators"), blank=True, max_length=1000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="forum_flag_once"),
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.reason})"


class ExpertTheme(models.Model):
    """An expert of the programme answers questions on this theme (and is told of new ones)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="expert_themes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_themes"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="expert_assignments")

    class Meta:
        verbose_name = _("expert's theme")
        verbose_name_plural = _("experts' themes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "theme"], name="forum_expert_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.theme}"


class FaqEntryQuerySet(models.QuerySet["FaqEntry"]):
    def visible_to(self, user: Any) -> FaqEntryQuerySet:
        """Published entries of the programmes the user may see (the FAQ is knowledge for the
        members; a public programme's FAQ is public). Drafts: the programme team."""
        from tessere.registry.models import PROGRAMME_TEAM_ROLES, ProgrammeRole

        programmes = Programme.objects.visible_to(user)
        published = self.filter(is_published=True, programme__in=programmes)
        if getattr(user, "is_superuser", False):
            return self.all()
        if user is None or not user.is_authenticated:
            return published
        team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
            "programme_id"
        )
        return self.filter(Q(is_published=True, programme__in=programmes) | Q(programme__in=team))


class FaqEntry(TimeStampedModel):
    """A question and its answer in the knowledge base, often promoted from an accepted answer
    (the back-link leads to the discussion, for those who may read it)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="faq_entries"
    )
    source_topic = models.ForeignKey(
        Topic,
        verbose_name=_("from the question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
    )
    source_post = models.ForeignKey(
        Post,
        verbose_name=_("from the answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        ordering = ["question"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("forum:faq_entry", args=[self.pk])

"""People who log in: email is the login; the profile says what each person shares."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Name is always shown to members; email and phone only by choice."""

    class Language(models.TextChoices):
        ITALIAN = "it", _("Italian")
        ENGLISH = "en", _("English")

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bio = models.TextField(
        _("about me"), blank=True, help_text=_("A few lines on your work, shown to members.")
    )
    share_email = models.BooleanField(
        _("show my email to members"),
        default=False,
        help_text=_("Members of your programme will see your email address in the directory."),
    )
    share_phone = models.BooleanField(
        _("show my phone to members"),
        default=False,
        help_text=_("Members of your programme will see your phone number in the directory."),
    )

    class ListVisibility(models.TextChoices):
        NOBODY = "nobody", _("nobody")
        PARTICIPANTS = "participants", _("the other participants of the meeting")
        MEMBERS = "members", _("all members of the programme")

    participant_list_visibility = models.CharField(
        _("who sees me on meeting participant lists"),
        max_length=16,
        choices=ListVisibility.choices,
        default=ListVisibility.PARTICIPANTS,
        help_text=_("Facilitators always see who registered, to organise the meeting."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ITALIAN
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@", 1)[0]


class CalendarToken(models.Model):
    """The secret in a person's private calendar feed URL. Only its hash is stored; a new token
    revokes the old one (the old URL stops working)."""

    user = models.OneToOneField(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.user)

"""The expert consultation: accepting an answer, the experts by theme, the questions waiting
for an expert, promoting an accepted answer to the FAQ.

Who gets what (the permission matrix):
- accept / unaccept (POST): the asker and the programme's experts, on a question they read
  (403 for the other readers, 404 for those who cannot read it).
- experts by theme: the members of the programme (403 for an account without a role); the
  programme team assigns and removes (403 for the other members).
- unanswered questions: the programme team (403 for the others).
- promote to the FAQ: the programme team, on a solved question (403 for the other readers).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.core.http import AuthenticatedRequest
from tessere.registry.models import Programme, Theme

from ..forms_consult import ExpertThemeForm, FaqForm
from ..models import ExpertTheme, FaqEntry
from ..permissions_consult import (
    can_accept_answer,
    can_accept_post,
    can_manage_experts,
    can_manage_faq,
    can_see_experts,
    can_see_unanswered,
)
from ..services import faq as faq_services
from ..services import questions
from .moderation import errors_to_form, readable_post, readable_topic

PAGE_SIZE = 30


def _programme(request: AuthenticatedRequest, slug: str) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), slug=slug)


# --- Accepted answers --------------------------------------------------------------------------
@login_required
@require_POST
def accept_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = readable_post(request, pk)
    if not can_accept_post(request.user, post):
        raise PermissionDenied
    try:
        questions.accept_answer(topic=post.topic, post=post, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Answer accepted: it shows first and the question is solved."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def unaccept_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    topic = readable_topic(request, pk)
    if not can_accept_answer(request.user, topic):
        raise PermissionDenied
    questions.unaccept_answer(topic=topic, by=request.user)
    messages.success(request, _("The question is open again: no answer is accepted."))
    return redirect(topic)


# --- Experts by theme --------------------------------------------------------------------------
@login_required
def experts(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    if not can_see_experts(request.user, programme):
        raise PermissionDenied
    can_manage = can_manage_experts(request.user, programme)
    people = questions.programme_experts(programme)
    form = ExpertThemeForm(request.POST or None, experts=people) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                questions.assign_expert_theme(
                    programme=programme,
                    expert=form.cleaned_data["expert"],
                    theme=form.cleaned_data["theme"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Theme assigned to the expert."))
                return redirect("forum:experts", programme.slug)
    assignments = list(
        ExpertTheme.objects.filter(programme=programme)
        .select_related("theme", "user")
        .order_by("theme__name", "user__last_name", "user__first_name", "pk")
    )
    by_theme: dict[Theme, list[ExpertTheme]] = defaultdict(list)
    for assignment in assignments:
        by_theme[assignment.theme].append(assignment)
    expert_list = list(people)
    assigned = {a.user_id for a in assignments}
    context = {
        "programme": programme,
        "by_theme": sorted(by_theme.items(), key=lambda item: item[0].name),
        "without_theme": [p for p in expert_list if p.pk not in assigned],
        "can_manage": can_manage,
        "has_experts": bool(expert_list),
        "form": form,
        "questions_space": _questions_space(request, programme),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "forum/consult_experts.html", context, status=status)


def _questions_space(request: AuthenticatedRequest, programme: Programme) -> Space | None:
    return (
        Space.objects.visible_to(request.user)
        .filter(programme=programme, kind=Space.Kind.QUESTIONS)
        .select_related("programme")
        .order_by("position", "pk")
        .first()
    )


@login_required
@require_POST
def expert_remove(request: AuthenticatedRequest, programme_slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, programme_slug)
    if not can_manage_experts(request.user, programme):
        raise PermissionDenied
    assignment = get_object_or_404(
        ExpertTheme.objects.filter(programme=programme).select_related("programme"), pk=pk
    )
    questions.remove_expert_theme(assignment=assignment, by=request.user)
    messages.success(request, _("Theme removed from the expert."))
    return redirect("forum:experts", programme.slug)


# --- Waiting for an expert ---------------------------------------------------------------------
@login_required
def unanswered(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    if not can_see_unanswered(request.user, programme):
        raise PermissionDenied
    waiting = (
        questions.unanswered_questions(programme)
        .filter(space__in=Space.objects.visible_to(request.user))
        .select_related("space", "author")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    experts_by_theme: dict[int, list[User]] = defaultdict(list)
    for assignment in ExpertTheme.objects.filter(programme=programme).select_related("user"):
        experts_by_theme[assignment.theme_id].append(assignment.user)
    rows = []
    for topic in page.object_list:
        names: dict[int, User] = {}
        for theme in topic.themes.all():
            for person in experts_by_theme.get(theme.pk, []):
                names.setdefault(person.pk, person)
        rows.append((topic, list(names.values())))
    context = {
        "programme": programme,
        "page": page,
        "rows": rows,
        "days": questions.UNANSWERED_AFTER_DAYS,
        "now": timezone.now(),
    }
    return render(request, "forum/consult_unanswered.html", context)


# --- Promoting to the FAQ ----------------------------------------------------------------------
@login_required
def faq_promote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    topic = readable_topic(request, pk)
    if not can_manage_faq(request.user, topic.space.programme):
        raise PermissionDenied
    post = topic.accepted_post
    if post is None or not topic.is_question:
        messages.error(request, _("Only a solved question's accepted answer can be promoted."))
        return redirect(topic)
    existing = FaqEntry.objects.filter(source_post=post).first()
    if existing is not None:
        messages.info(request, _("This answer is already in the FAQ."))
        return redirect(existing)
    initial = {
        "question": topic.title,
        "answer": post.body,
        "themes": list(topic.themes.all()),
        "is_published": True,
    }
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = faq_services.promote_to_faq(
                topic=topic,
                post=post,
                by=request.user,
                question=data["question"],
                answer=data["answer"],
                themes=data["themes"],
                is_published=data["is_published"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The answer is now a FAQ entry."))
            return redirect(entry)
    context = {"form": form, "topic": topic, "post": post}
    status = 400 if form.errors else 200
    return render(request, "forum/faq_promote.html", context, status=status)

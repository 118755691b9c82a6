"""The survey pages: the waves of a programme (list, detail with the response rate and the
answers, create, edit, open, close, remind), an organisation's answer (the form a coordinator
fills in on a phone), the organisation search that fills a row's list, and the ties recorded by
the programme team.

Who sees what is in permissions.py: members see the waves and their headline figures; the team
runs them and sees who answered; the team and the evaluators see the answers in full (who
declared what); a tie's note only the team and the people who see its projects' files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.mentoring.access import confidential_project_ids
from tessere.registry.models import Organisation, Partnership, Programme, ProjectRole

from . import permissions, services
from .forms import (
    NewOrganisationForm,
    RecordedTieForm,
    TieRowFormSet,
    WaveForm,
    organisation_choices,
    project_choices,
    referenced_organisation_ids,
    search_organisations,
    tie_initial,
)
from .models import Response, Tie, TieSource, Wave

ROWS_PREFIX = "rows"
NEW_ORG_PREFIX = "neworg"
EMPTY_ROWS_FIRST_TIME = 3
# The headline figures of a closed wave (keys of Wave.measures, written by measures.py).
HEADLINES = (
    ("organisations", gettext_lazy("Organisations")),
    ("ties", gettext_lazy("Ties")),
    ("density", gettext_lazy("Density")),
    ("components", gettext_lazy("Separate groups (components)")),
    ("average_degree", gettext_lazy("Average ties per organisation")),
    ("cross_project_ties", gettext_lazy("Ties across projects")),
    ("cross_province_ties", gettext_lazy("Ties across provinces")),
    ("tied_to_other_project_share", gettext_lazy("Organisations tied to another project")),
)


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _programme(request: AuthenticatedRequest, programme_slug: str) -> Programme:
    """The programme, if the person may see it (404) and is one of its members (403)."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), slug=programme_slug)
    if not permissions.is_network_member(request.user, programme):
        raise PermissionDenied
    return programme


def _wave(request: AuthenticatedRequest, programme: Programme, label: str) -> Wave:
    wave = get_object_or_404(
        Wave.objects.visible_to(request.user).filter(programme=programme), label=label
    )
    wave.programme = programme
    return wave


def headline_figures(measures: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) of the headline measures a closed wave stored, in a fixed order."""
    figures = []
    for key, label in HEADLINES:
        value = measures.get(key) if isinstance(measures, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if key == "tied_to_other_project_share":
            value = f"{round(100 * value)}%"
        elif isinstance(value, float):
            value = round(value, 3)
        figures.append((str(label), value))
    return figures


# --- Waves -----------------------------------------------------------------------------------------
@login_required
@require_GET
def wave_list(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    user = request.user
    expected = ProjectRole.objects.filter(
        project__programme=programme, role=ProjectRole.Role.COORDINATOR
    ).values("organisation_id")
    waves = list(
        Wave.objects.visible_to(user)
        .filter(programme=programme)
        .annotate(
            answered=Count(
                "responses",
                filter=Q(
                    responses__status=Response.Status.SUBMITTED,
                    responses__organisation__in=expected,
                ),
            )
        )
        .order_by("opens_on", "pk")
    )
    is_team = permissions.can_manage_waves(user, programme)
    coordinated = permissions.coordinated_organisation_ids(user, programme)
    rows = []
    for wave in waves:
        wave.programme = programme
        rows.append(
            WaveRow(
                wave=wave,
                answered=getattr(wave, "answered", 0),
                figures=headline_figures(wave.measures) if wave.is_closed else [],
                can_answer=wave.is_open and (is_team or bool(coordinated)),
            )
        )
    recorded: list[Tie] = []
    if permissions.can_record_tie(user, programme):
        recorded = list(
            Tie.objects.filter(programme=programme, source=TieSource.RECORDED)
            .select_related("source_org", "target_org", "recorded_by")
            .prefetch_related("projects")
            .order_by("-started_on", "-pk")
        )
    context = {
        "programme": programme,
        "waves": rows,
        "expected": expected.distinct().count(),
        "is_team": is_team,
        "can_record": permissions.can_record_tie(user, programme),
        "recorded": recorded,
        "map_url": _map_url(programme),
    }
    return render(request, "networks/wave_list.html", context)


def _map_url(programme: Programme) -> str:
    """The network map (another part of the app), when its page exists."""
    from django.urls import NoReverseMatch

    try:
        return reverse("networks:map", args=[programme.slug])
    except NoReverseMatch:
        return ""


@dataclass
class WaveRow:
    """A wave in the list, with what the list shows of it."""

    wave: Wave
    answered: int
    figures: list[tuple[str, Any]]
    can_answer: bool


@dataclass
class OrganisationStatus:
    """One row of the response-rate table."""

    organisation: Organisation
    expected: bool
    response: Response | None

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.is_submitted


def _rate_rows(wave: Wave, expected_ids: set[int]) -> list[OrganisationStatus]:
    responses = {
        r.organisation_id: r
        for r in Response.objects.filter(wave=wave).select_related("respondent").order_by()
    }
    organisations = Organisation.objects.filter(pk__in=expected_ids | set(responses)).order_by(
        "name", "pk"
    )
    rows = [
        OrganisationStatus(org, org.pk in expected_ids, responses.get(org.pk))
        for org in organisations
    ]
    rows.sort(key=lambda row: (row.submitted, row.organisation.name))
    return rows


@login_required
@require_GET
def wave_detail(request: AuthenticatedRequest, programme_slug: str, label: str) -> HttpResponse:
    programme = _programme(request, programme_slug)
    wave = _wave(request, programme, label)
    user = request.user
    is_team = permissions.can_manage_waves(user, programme)
    see_answers = permissions.can_see_answers(user, programme)
    context: dict[str, Any] = {
        "programme": programme,
        "wave": wave,
        "is_team": is_team,
        "see_answers": see_answers,
        "figures": headline_figures(wave.measures) if wave.is_closed else [],
        "can_answer": permissions.can_answer_wave(user, wave),
        "map_url": _map_url(programme),
    }
    if is_team:
        expected_ids = services.expected_organisation_ids(programme)
        rows = _rate_rows(wave, expected_ids)
        answered = sum(1 for row in rows if row.expected and row.submitted)
        context.update(
            rate_rows=rows,
            answered=answered,
            expected=len(expected_ids),
            percent=round(100 * answered / len(expected_ids)) if expected_ids else 0,
        )
    if see_answers:
        answers = list(
            Response.objects.filter(wave=wave, status=Response.Status.SUBMITTED)
            .select_related("organisation", "respondent")
            .prefetch_related(
                Prefetch(
                    "ties",
                    queryset=Tie.objects.select_related("source_org", "target_org")
                    .prefetch_related("projects")
                    .order_by("kind", "pk"),
                )
            )
            .order_by("organisation__name", "pk")
        )
        readable = None if is_team else confidential_project_ids(user)
        context["answers"] = answers
        context["visible_notes"] = {
            tie.pk
            for answer in answers
            for tie in answer.ties.all()
            if readable is None or any(p.pk in readable for p in tie.projects.all())
        }
    return render(request, "networks/wave_detail.html", context)


def _team_programme(request: AuthenticatedRequest, programme_slug: str) -> Programme:
    programme = _programme(request, programme_slug)
    if not permissions.can_manage_waves(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def wave_create(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _team_programme(request, programme_slug)
    form = WaveForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        wave = services.create_wave(programme=programme, content=form.content(), by=request.user)
        messages.success(
            request, _("Wave created as a draft: open it when the survey should start.")
        )
        return redirect(wave)
    context = {"programme": programme, "form": form, "wave": None}
    return render(request, "networks/wave_form.html", context, status=400 if form.errors else 200)


@login_required
def wave_edit(request: AuthenticatedRequest, programme_slug: str, label: str) -> HttpResponse:
    programme = _team_programme(request, programme_slug)
    wave = _wave(request, programme, label)
    if wave.is_closed:
        messages.error(request, _("This wave is closed: it can no longer be changed."))
        return redirect(wave)
    form = WaveForm(request.POST or None, programme=programme, wave=wave)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.update_wave(wave=wave, content=form.content(), by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Wave saved."))
            return redirect(wave)
    context = {"programme": programme, "form": form, "wave": wave}
    return render(request, "networks/wave_form.html", context, status=400 if form.errors else 200)


def _wave_action(
    request: AuthenticatedRequest, programme_slug: str, label: str, action: str
) -> HttpResponse:
    programme = _team_programme(request, programme_slug)
    wave = _wave(request, programme, label)
    try:
        if action == "open":
            services.open_wave(wave=wave, by=request.user)
            messages.success(request, _("The wave is open: the coordinators can answer."))
        elif action == "close":
            services.close_wave(wave=wave, by=request.user)
            messages.success(request, _("The wave is closed: its network is kept as a snapshot."))
        else:
            reminded = services.send_wave_reminders(wave=wave, by=request.user)
            if reminded:
                messages.success(
                    request,
                    _("Reminder sent to the coordinators of %(count)s organisations.")
                    % {"count": reminded},
                )
            else:
                messages.info(
                    request,
                    _("Nobody to remind: every organisation has answered or was reminded today."),
                )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("networks:wave_detail", args=[programme.slug, wave.label]))


@login_required
@require_POST
def wave_open(request: AuthenticatedRequest, programme_slug: str, label: str) -> HttpResponse:
    return _wave_action(request, programme_slug, label, "open")


@login_required
@require_POST
def wave_close(request: AuthenticatedRequest, programme_slug: str, label: str) -> HttpResponse:
    return _wave_action(request, programme_slug, label, "close")


@login_required
@require_POST
def wave_remind(request: AuthenticatedRequest, programme_slug: str, label: str) -> HttpResponse:
    return _wave_action(request, programme_slug, label, "remind")


# --- The answer ------------------------------------------------------------------------------------
def _answering_choices(
    request: AuthenticatedRequest, programme: Programme, is_team: bool
) -> list[tuple[int, str]]:
    """The organisations the person may open an answer for: those they coordinate; for the
    team, every partner of the programme's projects."""
    own = permissions.coordinated_organisation_ids(request.user, programme)
    if is_team:
        ids = Partnership.objects.filter(project__programme=programme).values("organisation_id")
        chosen = Organisation.objects.filter(Q(pk__in=ids) | Q(pk__in=own))
    else:
        chosen = Organisation.objects.filter(pk__in=own)
    return list(chosen.distinct().order_by("name", "pk").values_list("pk", "name"))


def _chosen_organisation(
    request: AuthenticatedRequest, choices: list[tuple[int, str]]
) -> Organisation | None:
    raw = request.GET.get("org", "")
    allowed = {pk for pk, _name in choices}
    if raw:
        if not raw.isdigit() or int(raw) not in allowed:
            raise PermissionDenied  # another organisation's answer
        return Organisation.objects.get(pk=int(raw))
    if len(choices) == 1:
        return Organisation.objects.get(pk=choices[0][0])
    return None


def _survey_url(wave: Wave, organisation: Organisation) -> str:
    url = reverse("networks:survey", args=[wave.programme.slug, wave.label])
    return f"{url}?org={organisation.pk}"


@login_required
def survey(request: AuthenticatedRequest, programme_slug: str, label: str) -> HttpResponse:
    """The answer of one organisation: a list of declared ties, saved as a draft or submitted,
    editable until the wave closes."""
    programme = _programme(request, programme_slug)
    wave = _wave(request, programme, label)
    user = request.user
    is_team = permissions.can_manage_waves(user, programme)
    choices = _answering_choices(request, programme, is_team)
    if not choices:
        raise PermissionDenied  # neither a coordinator nor the team
    organisation = _chosen_organisation(request, choices)
    context: dict[str, Any] = {
        "programme": programme,
        "wave": wave,
        "organisation": organisation,
        "choices": choices,
        "is_team": is_team,
    }
    if organisation is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "networks/survey/survey.html", context)

    editable = permissions.can_answer_for(user, organisation, wave)
    if request.method == "POST" and not editable:
        raise PermissionDenied  # the wave is not open (any more)
    response = (
        Response.objects.filter(wave=wave, organisation=organisation)
        .select_related("respondent")
        .first()
    )
    saved_ties = (
        list(
            response.ties.select_related("source_org", "target_org")
            .prefetch_related("projects")
            .order_by("pk")
        )
        if response is not None
        else []
    )
    # The organisation's own answer: its notes are shown to who answers for it.
    context.update(
        response=response,
        editable=editable,
        saved_ties=saved_ties,
        visible_notes={tie.pk for tie in saved_ties},
    )
    if not editable:
        return render(request, "networks/survey/survey.html", context)

    projects = project_choices(programme)
    new_org = NewOrganisationForm(
        request.POST if request.method == "POST" else None, prefix=NEW_ORG_PREFIX
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in {"draft", "submit"} and not new_org.is_blank():
        # An organisation typed in but not added yet: add it first, and let the person say
        # how they work with it before saving.
        action = "add_org"
    status = 200
    if request.method == "POST":
        posted = TieRowFormSet(
            request.POST,
            prefix=ROWS_PREFIX,
            wave=wave,
            organisation=organisation,
            organisations=organisation_choices(
                programme,
                referenced_organisation_ids(request.POST, []),
                exclude=organisation.pk,
            ),
            projects=projects,
        )
        if action in {"add_row", "add_org", "search"}:
            # Nothing is saved: the rows come back as typed (the removed ones left out), with
            # one more empty row, a new organisation, or the lists narrowed to the names typed.
            rows = posted.raw_rows() if posted.management_form.is_valid() else []
            extra = 1 if action == "add_row" else 0
            if action == "add_org":
                added = _add_organisation(request, wave, new_org)
                if added is not None:
                    rows.append({"target": added.pk, "direction": "out"})
                    new_org = NewOrganisationForm(prefix=NEW_ORG_PREFIX)
                    extra = 0
                else:
                    status = 400
            formset = _formset(wave, organisation, programme, projects, rows, extra)
            context.update(formset=formset, new_org=new_org)
            if _is_htmx(request) and action in {"add_row", "search"}:
                return render(request, "networks/survey/survey.html#rows", context)
            return render(request, "networks/survey/survey.html", context, status=status)
        # A submitted answer stays submitted (services.save_response): its one button saves.
        submit = action == "submit"
        if posted.is_valid():
            try:
                services.save_response(
                    wave=wave,
                    organisation=organisation,
                    by=user,
                    ties=posted.ties(),
                    submit=submit,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 400
            else:
                if submit:
                    messages.success(
                        request,
                        _("Thank you: your answer is submitted. You can change it until the "
                          "wave closes."),
                    )  # fmt: skip
                else:
                    messages.success(
                        request,
                        _("Draft saved. It counts only once you submit it."),
                    )
                return redirect(_survey_url(wave, organisation))
        else:
            status = 400
        context.update(formset=posted, new_org=new_org)
        return render(request, "networks/survey/survey.html", context, status=status)

    rows = [tie_initial(tie, organisation.pk) for tie in saved_ties]
    extra = 1 if rows else EMPTY_ROWS_FIRST_TIME
    context.update(
        formset=_formset(wave, organisation, programme, projects, rows, extra), new_org=new_org
    )
    return render(request, "networks/survey/survey.html", context)


def _formset(
    wave: Wave,
    organisation: Organisation,
    programme: Programme,
    projects: list[tuple[Any, str]],
    rows: list[dict[str, Any]],
    extra: int,
) -> Any:
    formset = TieRowFormSet(
        prefix=ROWS_PREFIX,
        initial=rows,
        wave=wave,
        organisation=organisation,
        organisations=organisation_choices(
            programme, referenced_organisation_ids(None, rows), exclude=organisation.pk
        ),
        projects=projects,
    )
    formset.extra = extra
    if not rows and extra == 0:
        formset.extra = 1
    for form, row in zip(formset.forms, rows, strict=False):
        query = str(row.get("search") or "").strip()
        if query and not row.get("target"):
            found = search_organisations(programme, query)
            if len(found) == 1:
                form.initial["target"] = found[0][0]
                form.fields["target"].widget.choices = [*form.fields["target"].widget.choices]
                if found[0][0] not in {pk for pk, _label in formset.organisations}:
                    form.fields["target"].widget.choices.append(found[0])
            elif found:
                form.fields["target"].widget.choices = [
                    ("", _("— choose among the organisations found —")),
                    *found,
                ]
            form.search_results = len(found)
    return formset


def _add_organisation(
    request: AuthenticatedRequest, wave: Wave, form: NewOrganisationForm
) -> Organisation | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        organisation = services.add_organisation_from_survey(
            name=data["name"],
            municipality=data.get("municipality"),
            kind=data["kind"],
            by=request.user,
            wave=wave,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(
        request,
        _("%(name)s is in the list: say below how you work with it, then save.")
        % {"name": organisation.name},
    )
    return organisation


@login_required
@require_GET
def org_search(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    """The options of a row's list for the name typed (htmx): the programme's organisations
    first, then the rest of the registry. The organisation already chosen stays first."""
    programme = _programme(request, programme_slug)
    query = request.GET.get("q", "")
    selected = ""
    for key in request.GET:
        value = request.GET.get(key, "")
        if key.endswith("search") and not query:
            query = value
        if key.endswith("-target") or key == "selected":
            selected = value
    query = query.strip()[:100]
    found = search_organisations(programme, query) if query else []
    current = None
    if selected.isdigit() and int(selected) not in {pk for pk, _label in found}:
        current = Organisation.objects.filter(pk=int(selected)).values_list("pk", "name").first()
    if not query:
        found = organisation_choices(programme)
    context = {
        "programme": programme,
        "query": query,
        "found": found,
        "current": current,
        "selected": int(selected) if selected.isdigit() else None,
    }
    return render(request, "networks/survey/org_options.html", context)


# --- Recorded ties ---------------------------------------------------------------------------------
def _recording_programme(request: AuthenticatedRequest, programme_slug: str) -> Programme:
    programme = _programme(request, programme_slug)
    if not permissions.can_record_tie(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def tie_create(request: AuthenticatedRequest, programme_slug: str) -> HttpResponse:
    programme = _recording_programme(request, programme_slug)
    form = RecordedTieForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        services.record_tie(programme=programme, content=form.content(), by=request.user)
        messages.success(request, _("Tie recorded."))
        return redirect(reverse("networks:wave_list", args=[programme.slug]) + "#recorded")
    context = {"programme": programme, "form": form, "tie": None}
    return render(request, "networks/tie_form.html", context, status=400 if form.errors else 200)


@login_required
def tie_edit(request: AuthenticatedRequest, programme_slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, programme_slug)
    tie = get_object_or_404(
        Tie.objects.visible_to(request.user)
        .filter(programme=programme, source=TieSource.RECORDED)
        .prefetch_related("projects"),
        pk=pk,
    )
    if not permissions.can_record_tie(request.user, programme):
        raise PermissionDenied
    form = RecordedTieForm(request.POST or None, programme=programme, tie=tie)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_tie(tie=tie, content=form.content(), by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Tie saved."))
            return redirect(reverse("networks:wave_list", args=[programme.slug]) + "#recorded")
    context = {"programme": programme, "form": form, "tie": tie}
    return render(request, "networks/tie_form.html", context, status=400 if form.errors else 200)

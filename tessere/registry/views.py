"""Registry pages: the programme, projects, organisations, people, the personal home, invitations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessere.core.http import AuthenticatedRequest
from tessere.core.panels import (
    organisation_panels,
    personal_panels,
    programme_panels,
    project_panels,
)

from . import permissions, queries, services
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    OrganisationFilterForm,
    PersonFilterForm,
    ProjectFilterForm,
)
from .models import (
    Invitation,
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    people_visible_to,
)

if TYPE_CHECKING:
    from tessere.accounts.models import User

PAGE_SIZE = 24


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _programme_context(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    projects = list(queries.with_partners_and_representatives(programme.projects.all()))
    representation = [(project, project.representation()) for project in projects]
    return {
        "programme": programme,
        "projects": projects,
        "representation": representation,
        "incomplete_count": sum(1 for _p, r in representation if not r.is_complete),
        "can_see_names": permissions.can_see_representative_names(request.user, programme),
        "can_manage_invitations": permissions.can_manage_invitations(request.user, programme),
        # What the apps built on the registry show here (the meeting plan, ...): core.panels.
        "panels": programme_panels.render_for(request, programme),
    }


def home(request: HttpRequest) -> HttpResponse:
    programmes = list(queries.programme_page_queryset(request.user))
    if not programmes:
        return render(request, "registry/home_empty.html")
    featured = programmes[0]
    context = _programme_context(request, featured)
    context["other_programmes"] = programmes[1:]
    context["is_home"] = True
    return render(request, "registry/programme_detail.html", context)


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(queries.programme_page_queryset(request.user), slug=slug)
    return render(request, "registry/programme_detail.html", _programme_context(request, programme))


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    projects: QuerySet[Project] = Project.objects.visible_to(request.user)
    if form.is_bound and form.is_valid():
        projects = queries.filter_projects(projects, form.cleaned_data)
    projects = queries.with_partners_and_representatives(projects.order_by("acronym"))
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = (
        "registry/project_list.html#results" if _is_htmx(request) else "registry/project_list.html"
    )
    return render(request, template, context)


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation__municipality").order_by(
                    "role", "organisation__name"
                ),
            ),
            Prefetch("roles", queryset=ProjectRole.objects.select_related("user", "organisation")),
            Prefetch("territories", queryset=Territory.objects.select_related("parent")),
            "themes",
        ),
        slug=slug,
    )
    can_see_names = permissions.can_see_representative_names(request.user, project.programme)
    roles = list(project.roles.all())
    context = {
        "project": project,
        "representation": project.representation(),
        "can_see_names": can_see_names,
        "coordinators": [r for r in roles if r.role == ProjectRole.Role.COORDINATOR]
        if can_see_names
        else [],
        "operators": [r for r in roles if r.role == ProjectRole.Role.OPERATOR]
        if can_see_names
        else [],
        # What the apps built on the registry add here (the mentoring file link, ...).
        "panels": project_panels.render_for(request, project),
    }
    return render(request, "registry/project_detail.html", context)


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    orgs = queries.organisations_page_queryset(request.user)
    if form.is_bound and form.is_valid():
        orgs = queries.filter_organisations(orgs, form.cleaned_data)
    page = Paginator(orgs.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "registry/organisation_list.html#results"
        if _is_htmx(request)
        else "registry/organisation_list.html"
    )
    return render(request, template, {"form": form, "page": page})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related(
            "municipality__parent__parent"
        ),
        slug=slug,
    )
    visible_projects = Project.objects.visible_to(request.user)
    partnerships = list(
        Partnership.objects.filter(organisation=organisation, project__in=visible_projects)
        .select_related("project__programme")
        .order_by("project__acronym")
    )
    people: list[Any] = []
    if permissions.can_view_directory(request.user):
        people = list(
            people_visible_to(request.user)
            .filter(
                Q(project_roles__organisation=organisation)
                | Q(programme_roles__organisation=organisation)
            )
            .order_by("last_name", "first_name")
        )
    context = {
        "organisation": organisation,
        "partnerships": partnerships,
        "people": people,
        "programmes_led": list(organisation.programmes_led.visible_to(request.user)),
        "programmes_partnered": list(organisation.programmes_partnered.visible_to(request.user)),
        # What the apps built on the registry add here (its network of ties, ...).
        "panels": organisation_panels.render_for(request, organisation),
    }
    return render(request, "registry/organisation_detail.html", context)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied
    form = PersonFilterForm(request.GET or None)
    people = people_visible_to(request.user)
    if form.is_bound and form.is_valid() and (q := form.cleaned_data["q"].strip()):
        people = people.filter(
            Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(project_roles__organisation__name__icontains=q)
            | Q(programme_roles__organisation__name__icontains=q)
        ).distinct()
    people = queries.people_with_affiliations(people.order_by("last_name", "first_name", "pk"))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "registry/person_list.html#results" if _is_htmx(request) else "registry/person_list.html"
    )
    return render(request, template, {"form": form, "page": page})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied
    person = get_object_or_404(
        queries.people_with_affiliations(people_visible_to(request.user)), pk=pk
    )
    context = {
        "person": person,
        "show_email": permissions.can_see_contact(request.user, person, "email"),
        "show_phone": permissions.can_see_contact(request.user, person, "phone"),
    }
    return render(request, "registry/person_detail.html", context)


@login_required
def me(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    project_roles = list(
        ProjectRole.objects.filter(user=user)
        .select_related("project__programme", "organisation")
        .order_by("project__acronym")
    )
    programme_roles = list(
        ProgrammeRole.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("programme__title")
    )
    organisations = {r.organisation for r in project_roles} | {
        r.organisation for r in programme_roles if r.organisation
    }
    projects = {r.project for r in project_roles}
    admin_programmes = [r.programme for r in programme_roles if r.role == ProgrammeRole.Role.ADMIN]
    context = {
        "project_roles": project_roles,
        "programme_roles": programme_roles,
        "organisations": sorted(organisations, key=lambda o: o.name),
        "projects": sorted(projects, key=lambda p: p.acronym),
        "admin_programmes": admin_programmes,
        "panels": personal_panels.render_for(request, user),
    }
    return render(request, "registry/me.html", context)


# --- Invitations -------------------------------------------------------------------------------
def _managed_programme(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_invitations(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def invitation_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    programme = _managed_programme(request, slug)
    form = InvitationForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, _token = services.invite_person(
            email=data["email"],
            programme=programme,
            role=data["role"],
            project=data.get("project"),
            organisation=data.get("organisation"),
            first_name=data["first_name"],
            last_name=data["last_name"],
            message=data["message"],
            by=request.user,
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("registry:invitation_list", slug=programme.slug)
    invitations = programme.invitations.select_related(
        "project", "organisation", "invited_by", "accepted_by"
    )
    page = Paginator(invitations.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    context = {"programme": programme, "form": form, "page": page}
    return render(
        request, "registry/invitation_list.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("programme"), pk=pk)
    if not permissions.can_manage_invitations(request.user, invitation.programme):
        raise Http404  # do not reveal invitations of programmes one cannot manage
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
        messages.success(
            request,
            _("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("registry:invitation_list", slug=invitation.programme.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404
    if not invitation.is_pending:
        return render(
            request, "registry/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    from tessere.accounts.models import User

    user = cast("User", request.user) if request.user.is_authenticated else None
    account_exists = user is None and User.objects.filter(email__iexact=invitation.email).exists()
    wrong_account = user is not None and user.email.lower() != invitation.email.lower()
    form = None
    if user is None and not account_exists:
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
        )
    can_accept = not account_exists and not wrong_account
    refused = False
    if request.method == "POST" and can_accept and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            new_user, warnings = services.accept_invitation(
                invitation=invitation,
                user=user,
                password=data.get("password1", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            refused = True
        else:
            if user is None:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(
                request, _("Welcome! You are now %(role)s.") % {"role": invitation.role_label}
            )
            return redirect("registry:me")
    context = {
        "invitation": invitation,
        "form": form,
        "account_exists": account_exists,
        "wrong_account": wrong_account,
        "login_url": reverse("account_login") + "?next=" + request.path,
    }
    status = 200
    if refused or (form is not None and form.errors):
        status = 400
    elif request.method == "POST" and not can_accept:
        status = 403  # log in first, or with the invited address: the page says which
    return render(request, "registry/invitation_accept.html", context, status=status)

from django.urls import path

from .views import actions, capacity, file, findings, overview, sessions

app_name = "mentoring"

urlpatterns = [
    # The programme overview (views/overview.py)
    path("mentoring/<slug:programme_slug>/", overview.programme_overview, name="overview"),
    # A project's mentoring file (views/file.py)
    path("progetti/<slug:slug>/mentoring/", file.project_file, name="project_file"),
    path("progetti/<slug:slug>/mentoring/storico/", file.history, name="history"),
    # Sessions (views/sessions.py)
    path(
        "progetti/<slug:slug>/mentoring/incontri/nuovo/",
        sessions.session_create,
        name="session_create",
    ),
    path(
        "progetti/<slug:slug>/mentoring/incontri/<int:pk>/",
        sessions.session_detail,
        name="session_detail",
    ),
    path(
        "progetti/<slug:slug>/mentoring/incontri/<int:pk>/modifica/",
        sessions.session_edit,
        name="session_edit",
    ),
    # Findings (views/findings.py)
    path(
        "progetti/<slug:slug>/mentoring/rilievi/nuovo/",
        findings.finding_create,
        name="finding_create",
    ),
    path(
        "progetti/<slug:slug>/mentoring/rilievi/<int:pk>/",
        findings.finding_detail,
        name="finding_detail",
    ),
    path(
        "progetti/<slug:slug>/mentoring/rilievi/<int:pk>/modifica/",
        findings.finding_edit,
        name="finding_edit",
    ),
    path(
        "progetti/<slug:slug>/mentoring/rilievi/<int:pk>/aggiornamento/",
        findings.finding_update,
        name="finding_update",
    ),
    # Actions (views/actions.py)
    path(
        "progetti/<slug:slug>/mentoring/azioni/nuova/", actions.action_create, name="action_create"
    ),
    path(
        "progetti/<slug:slug>/mentoring/azioni/<int:pk>/",
        actions.action_detail,
        name="action_detail",
    ),
    path(
        "progetti/<slug:slug>/mentoring/azioni/<int:pk>/modifica/",
        actions.action_edit,
        name="action_edit",
    ),
    path(
        "progetti/<slug:slug>/mentoring/azioni/<int:pk>/aggiornamento/",
        actions.action_update,
        name="action_update",
    ),
    # Capacity rubric (views/capacity.py)
    path("progetti/<slug:slug>/mentoring/capacita/", capacity.capacity, name="capacity"),
    path(
        "progetti/<slug:slug>/mentoring/capacita/nuova/",
        capacity.assessment_create,
        name="assessment_create",
    ),
]

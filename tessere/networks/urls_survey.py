"""The survey pages' URLs, included by urls.py (`urlpatterns = [...] + survey_urlpatterns`).

Fixed words ("nuova", "cerca") come before the patterns that would otherwise take them as a
label or a slug, so urls.py must list these patterns before its own
`organizzazioni/<slug:org_slug>/`.
"""

from django.urls import path

from . import views_survey as views

WAVES = "reti/<slug:programme_slug>/rilevazioni/"
WAVE = WAVES + "<str:label>/"

survey_urlpatterns = [
    path(WAVES, views.wave_list, name="wave_list"),
    path(WAVES + "nuova/", views.wave_create, name="wave_create"),
    path(WAVE, views.wave_detail, name="wave_detail"),
    path(WAVE + "modifica/", views.wave_edit, name="wave_edit"),
    path(WAVE + "apri/", views.wave_open, name="wave_open"),
    path(WAVE + "chiudi/", views.wave_close, name="wave_close"),
    path(WAVE + "promemoria/", views.wave_remind, name="wave_remind"),
    path(WAVE + "risposta/", views.survey, name="survey"),
    path(
        "reti/<slug:programme_slug>/organizzazioni/cerca/",
        views.org_search,
        name="org_search",
    ),
    path("reti/<slug:programme_slug>/legami/nuovo/", views.tie_create, name="tie_create"),
    path("reti/<slug:programme_slug>/legami/<int:pk>/modifica/", views.tie_edit, name="tie_edit"),
]

from django.urls import path

from . import views
from .urls_survey import survey_urlpatterns

app_name = "networks"

# The survey pages (waves, answers, ties) are in urls_survey.py. They come first:
# `reti/<programme>/organizzazioni/cerca/` must not be read as the organisation "cerca".
urlpatterns = [
    *survey_urlpatterns,
    path("reti/<slug:programme_slug>/", views.network_map, name="map"),
    path("reti/<slug:programme_slug>/grafo.json", views.graph_json, name="graph_json"),
    path("reti/<slug:programme_slug>/confronto/", views.compare, name="compare"),
    path("reti/<slug:programme_slug>/nodi.csv", views.export_nodes, name="export_nodes"),
    path("reti/<slug:programme_slug>/legami.csv", views.export_edges, name="export_edges"),
    path("reti/<slug:programme_slug>/rete.graphml", views.export_graphml, name="export_graphml"),
    path(
        "reti/<slug:programme_slug>/organizzazioni/<slug:org_slug>/",
        views.org_network,
        name="org_network",
    ),
]

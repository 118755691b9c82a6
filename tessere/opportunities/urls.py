from django.urls import path

from . import views

app_name = "opportunities"

# The fixed pages come before <slug>: services.unique_slug never gives out "archivio" or "nuova".
urlpatterns = [
    path("opportunita/", views.board, name="board"),
    path("opportunita/archivio/", views.archive, name="archive"),
    path("opportunita/nuova/", views.create, name="create"),
    path("opportunita/<slug:slug>/", views.detail, name="detail"),
    path("opportunita/<slug:slug>/modifica/", views.edit, name="edit"),
    path("opportunita/<slug:slug>/ritira/", views.withdraw, name="withdraw"),
    path("opportunita/<slug:slug>/evento.ics", views.ics, name="ics"),
]

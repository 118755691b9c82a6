from django.urls import path

from .views import files, pages

app_name = "documents"

urlpatterns = [
    path("archivio/", pages.document_list, name="list"),
    path("archivio/nuovo/", pages.document_create, name="create"),
    path("archivio/<int:pk>/", pages.document_detail, name="detail"),
    path("archivio/<int:pk>/modifica/", pages.document_edit, name="edit"),
    path("archivio/<int:pk>/nuova-versione/", pages.document_new_version, name="new_version"),
    path("archivio/<int:pk>/file/", files.document_file, name="file"),
    path("archivio/<int:pk>/scarica/", files.document_download, name="download"),
    path(
        "archivio/<int:pk>/versioni/<int:version_pk>/file/",
        files.document_file,
        name="version_file",
    ),
    path(
        "archivio/<int:pk>/versioni/<int:version_pk>/scarica/",
        files.document_download,
        name="version_download",
    ),
]

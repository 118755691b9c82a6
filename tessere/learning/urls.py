from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("lezioni/", views.lesson_list, name="lesson_list"),
    path("lezioni/matrice/", views.lesson_matrix, name="lesson_matrix"),
    path("lezioni/nuova/", views.lesson_create, name="lesson_create"),
    path("lezioni/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("lezioni/<int:pk>/modifica/", views.lesson_edit, name="lesson_edit"),
    path("lezioni/<int:pk>/convalida/", views.lesson_validate, name="lesson_validate"),
    path("lezioni/<int:pk>/riuso/", views.lesson_reuse, name="lesson_reuse"),
]

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profilo/", views.profile_edit, name="profile"),
]

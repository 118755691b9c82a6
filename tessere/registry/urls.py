from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmi/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmi/<slug:slug>/inviti/", views.invitation_list, name="invitation_list"),
    path("progetti/", views.project_list, name="project_list"),
    path("progetti/<slug:slug>/", views.project_detail, name="project_detail"),
    path("enti/", views.organisation_list, name="organisation_list"),
    path("enti/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("persone/", views.person_list, name="person_list"),
    path("persone/<int:pk>/", views.person_detail, name="person_detail"),
    path("io/", views.me, name="me"),
    path("inviti/<int:pk>/revoca/", views.invitation_revoke, name="invitation_revoke"),
    path("invito/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

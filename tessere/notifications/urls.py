from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifiche/", views.notification_list, name="list"),
    path("notifiche/conteggio/", views.unread_badge, name="count"),
    path("notifiche/lette/", views.mark_all_read, name="mark_all_read"),
    path("notifiche/preferenze/", views.preferences, name="preferences"),
    path("notifiche/<int:pk>/", views.open_notification, name="open"),
    path("notifiche/<int:pk>/letta/", views.mark_read, name="mark_read"),
    path("notifiche/disiscrizione/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("calendario/", views.month, name="month"),
    path("calendario/settimana/", views.week, name="week"),
    path("calendario/elenco/", views.entry_list, name="list"),
    path("calendario/feed/", views.feed_settings, name="feed_settings"),
    # The same path the meetings feed had: existing subscriptions keep working.
    path("calendario/personale/<str:token>.ics", views.personal_feed, name="personal_feed"),
]

from django.urls import path  # noqa: F401

# The expert consultation: questions, accepted answers, experts by theme, unanswered
# questions, the FAQ. Included by urls.py under the "forum" namespace.
urlpatterns: list = []

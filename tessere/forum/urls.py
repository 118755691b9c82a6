from .urls_consult import urlpatterns as consult_patterns

app_name = "forum"

# The discussions (spaces, topics, posts, moderation); the expert consultation and the FAQ
# are in urls_consult.py, under the same "forum" namespace.
urlpatterns: list = [*consult_patterns]

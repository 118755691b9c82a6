from django.urls import path

from .urls_consult import urlpatterns as consult_patterns
from .views import posts, spaces, topics

app_name = "forum"

SPACE = "spazi/<slug:programme_slug>/<slug:space_slug>/"
POST = "discussioni/<int:pk>/messaggi/<int:number>/"

# The discussions (spaces, topics, posts); the expert consultation, moderation and the FAQ
# are in urls_consult.py, under the same "forum" namespace. A space's slug is never
# "moderazione" (H2's queue takes that path).
urlpatterns: list = [
    *consult_patterns,  # first: "spazi/<programme>/moderazione/" must win over a space
    path("spazi/", spaces.space_list, name="space_list"),
    path(SPACE, spaces.space, name="space"),
    path(f"{SPACE}nuova/", topics.topic_create, name="topic_create"),
    path(f"{SPACE}segui/", spaces.space_subscribe, name="space_subscribe"),
    path("discussioni/menzioni/", posts.mention_search, name="mention_search"),
    path("discussioni/allegati/<int:pk>/", posts.attachment, name="attachment"),
    path("discussioni/<int:pk>/", topics.topic, name="topic"),
    path("discussioni/<int:pk>/rispondi/", topics.reply, name="reply"),
    path("discussioni/<int:pk>/segui/", topics.topic_subscribe, name="topic_subscribe"),
    path(f"{POST}modifica/", posts.post_edit, name="post_edit"),
    path(f"{POST}cronologia/", posts.post_history, name="post_history"),
    path(f"{POST}reazioni/", posts.react, name="react"),
]

from django.urls import path

from .views import consult, faq, moderation

# The expert consultation (accepted answers, experts by theme, unanswered questions), the FAQ
# and moderation (topic and post actions, flags, the moderators' queue). Included by urls.py
# under the "forum" namespace, before the discussions' own patterns.
urlpatterns: list = [
    # Accepted answers.
    path("messaggi/<int:pk>/accetta/", consult.accept_answer, name="accept_answer"),
    path(
        "discussioni/<int:pk>/annulla-accettazione/",
        consult.unaccept_answer,
        name="unaccept_answer",
    ),
    path("discussioni/<int:pk>/in-faq/", consult.faq_promote, name="faq_promote"),
    # Experts by theme, questions waiting for an expert.
    path("domande/<slug:programme_slug>/esperti/", consult.experts, name="experts"),
    path(
        "domande/<slug:programme_slug>/esperti/<int:pk>/rimuovi/",
        consult.expert_remove,
        name="expert_remove",
    ),
    path("domande/<slug:programme_slug>/senza-risposta/", consult.unanswered, name="unanswered"),
    # The FAQ.
    path("faq/voce/<int:pk>/", faq.faq_entry, name="faq_entry"),
    path("faq/voce/<int:pk>/modifica/", faq.faq_edit, name="faq_edit"),
    path("faq/<slug:programme_slug>/", faq.faq_list, name="faq_list"),
    # Moderation.
    path("discussioni/<int:pk>/moderazione/", moderation.topic_moderate, name="topic_moderate"),
    path("discussioni/<int:pk>/nascondi/", moderation.topic_hide, name="topic_hide"),
    path("discussioni/<int:pk>/sposta/", moderation.topic_move, name="topic_move"),
    path("messaggi/<int:pk>/nascondi/", moderation.post_hide, name="post_hide"),
    path("messaggi/<int:pk>/mostra/", moderation.post_unhide, name="post_unhide"),
    path("messaggi/<int:pk>/segnala/", moderation.flag, name="flag"),
    path(
        "spazi/<slug:programme_slug>/moderazione/",
        moderation.moderation_queue,
        name="moderation_queue",
    ),
    path("segnalazioni/<int:pk>/esito/", moderation.flag_resolve, name="flag_resolve"),
]

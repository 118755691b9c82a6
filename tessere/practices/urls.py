from django.urls import path

from .views import hub, listing, practice

app_name = "practices"

urlpatterns = [
    path("buone-pratiche/", listing.practice_list, name="list"),
    path("buone-pratiche/nuova/", practice.create, name="create"),
    path("buone-pratiche/<int:pk>/", practice.detail, name="detail"),
    path("buone-pratiche/<int:pk>/modifica/", practice.edit, name="edit"),
    path("buone-pratiche/<int:pk>/invia/", practice.submit, name="submit"),
    path("buone-pratiche/<int:pk>/revisione/", practice.review, name="review"),
    path("sapere/", hub.hub, name="hub"),
]

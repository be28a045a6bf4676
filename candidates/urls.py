"""Public URLs of the microsite; they are part of the public contract (issue 5)."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("candidaturas/", views.candidacy_list, name="candidacy_list"),
    path("mi-boleta/", views.ballot, name="ballot"),
    path("comparar/", views.compare, name="compare"),
    path("partidos/", views.organization_index, name="organization_index"),
    path("partidos/<slug:slug>/", views.party_detail, name="party"),
    path("coaliciones/<slug:slug>/", views.coalition_detail, name="coalition"),
    path("independientes/<slug:slug>/", views.independent_detail, name="independent"),
    path("preguntas-frecuentes/", views.faq, name="faq"),
]

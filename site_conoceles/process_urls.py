"""The public pages of one process under `/<proceso>/` (candidates.process_scope).

Included by site_conoceles.urls before Wagtail's pages: a process's page is `/<proceso>/`, its
capture pages and profiles below it never take these first segments (candidates.tree).
"""

from django.urls import path

from candidates import views as candidate_views
from opendata import views as opendata_views
from search import views as search_views
from stats import views as stats_views

app_name = "proceso"

urlpatterns = [
    path("candidaturas/", candidate_views.candidacy_list, name="candidacy_list"),
    path("mi-boleta/", candidate_views.ballot, name="ballot"),
    path("partidos/", candidate_views.organization_index, name="organization_index"),
    path("partidos/<slug:slug>/", candidate_views.party_detail, name="party"),
    path("coaliciones/<slug:slug>/", candidate_views.coalition_detail, name="coalition"),
    path("independientes/<slug:slug>/", candidate_views.independent_detail, name="independent"),
    path("buscar/", search_views.search, name="search"),
    path("estadisticas/", stats_views.statistics, name="statistics"),
    path("estadisticas/<slug:slug>.csv", stats_views.chart_csv, name="chart_csv"),
    path("datos-abiertos/", opendata_views.open_data, name="open_data"),
]

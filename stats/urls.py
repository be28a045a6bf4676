from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics, name="public"),
    path("<slug:slug>.csv", views.chart_csv, name="chart_csv"),
]

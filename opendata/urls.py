from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="page"),
    path("archivos/<str:name>", views.download, name="file"),
]

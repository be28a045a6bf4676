from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="page"),
    path("archivos/<str:name>", views.download, name="file"),
    # A process's own files; MEDIA_ROOT/opendata/procesos/<slug>/ (nginx's alias serves both).
    path(
        "archivos/procesos/<slug:process_slug>/<str:name>",
        views.download,
        name="process_file",
    ),
]

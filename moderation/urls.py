from django.urls import path

from . import views

urlpatterns = [
    path("retirar/<int:page_id>/", views.withdraw_publication, name="withdraw"),
    path("calidad/", views.quality_report, name="quality_report"),
]

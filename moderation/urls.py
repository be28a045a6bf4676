from django.urls import path

from . import views

urlpatterns = [
    path("retirar/<int:page_id>/", views.withdraw_publication, name="withdraw"),
]

from __future__ import annotations

from django.urls import path

from lofte.privacy import views

app_name = "privacy"

urlpatterns = [
    path("plattform/registerutdrag/", views.extract_page, name="extract"),
]

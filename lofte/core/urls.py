from __future__ import annotations

from django.urls import path

from lofte.core import views

app_name = "core"

urlpatterns = [
    path("om/", views.about, name="about"),
    path("healthz", views.health, name="health"),
    path("plattform/logg/", views.audit_log, name="audit"),
]

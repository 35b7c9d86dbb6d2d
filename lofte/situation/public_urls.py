"""Public routes (no login, exempt from the second factor): published lägesbilder only."""

from __future__ import annotations

from django.urls import path

from lofte.situation import views

app_name = "situation_public"

urlpatterns = [
    path("<str:code>/lagesbild/", views.public_report, name="detail"),
    path("<str:code>/lagesbild/pdf/", views.public_report_pdf, name="pdf"),
]

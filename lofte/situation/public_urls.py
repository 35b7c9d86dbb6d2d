"""Public routes (no login, exempt from the second factor): published lägesbilder only."""

from __future__ import annotations

from django.urls import path

from lofte.situation import views

app_name = "situation_public"

urlpatterns = [
    path("lagesbild/<str:code>/", views.public_report, name="detail"),
    path("lagesbild/<str:code>/pdf/", views.public_report_pdf, name="pdf"),
]

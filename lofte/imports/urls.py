from __future__ import annotations

from django.urls import path

from lofte.imports import views

app_name = "imports"

urlpatterns = [
    path("kallor/alla-korningar/", views.all_runs, name="all_runs"),
    path("<slug:slug>/kallor/", views.index, name="index"),
    path("<slug:slug>/kallor/handelser/", views.events, name="events"),
    path("<slug:slug>/kallor/statistik/", views.statistics, name="statistics"),
    path("<slug:slug>/kallor/trygghet/", views.surveys, name="surveys"),
    path("<slug:slug>/kallor/dialoger/", views.dialogues, name="dialogues"),
    path("<slug:slug>/kallor/dialoger/ny/", views.dialogue_new, name="dialogue_new"),
    path("<slug:slug>/kallor/dialoger/<int:pk>/ta-bort/", views.dialogue_delete,
         name="dialogue_delete"),
    path("<slug:slug>/kallor/importera/", views.upload, name="upload"),
    path("<slug:slug>/kallor/mallar/<str:name>", views.template_file, name="template"),
    path("<slug:slug>/kallor/korningar/", views.runs, name="runs"),
    path("<slug:slug>/kallor/korningar/<int:pk>/", views.run_detail, name="run"),
]

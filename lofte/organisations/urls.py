from __future__ import annotations

from django.urls import path

from lofte.organisations import views

app_name = "organisations"

urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/medlemmar/", views.members, name="members"),
    path("<slug:slug>/medlemmar/<int:membership_id>/ta-bort/", views.remove_member,
         name="remove_member"),
    path("<slug:slug>/logg/", views.audit, name="audit"),
]

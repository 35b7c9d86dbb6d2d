from __future__ import annotations

from django.urls import path

from lofte.promises import files, views

app_name = "promises"

P = "<slug:slug>/loften/"
urlpatterns = [
    path(P, views.promise_list, name="list"),
    path(P + "nytt/", views.promise_create, name="create"),
    path(P + "registrera/", views.record_create, name="record"),
    path(P + "aktiviteter/<int:activity_id>/", views.activity_detail, name="activity"),
    path(P + "foton/<int:photo_id>/", files.activity_photo, name="activity_photo"),
    path(P + "uppfoljning/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path(P + "uppfoljning/<int:pk>/godkann/", views.follow_up_approve, name="follow_up_approve"),
    path(P + "uppfoljning/<int:pk>/publicera/", views.follow_up_publish,
         name="follow_up_publish"),
    path(P + "uppfoljning/<int:pk>/pdf/", views.follow_up_pdf, name="follow_up_pdf"),
    path(P + "<int:pk>/", views.promise_detail, name="detail"),
    path(P + "<int:pk>/andra/", views.promise_edit, name="edit"),
    path(P + "<int:pk>/fokusomraden/nytt/", views.focus_area_edit, name="focus_area_create"),
    path(P + "<int:pk>/fokusomraden/<int:item_id>/", views.focus_area_edit,
         name="focus_area_edit"),
    path(P + "<int:pk>/ataganden/nytt/", views.commitment_edit, name="commitment_create"),
    path(P + "<int:pk>/ataganden/<int:item_id>/", views.commitment_edit,
         name="commitment_edit"),
    path(P + "<int:pk>/<str:kind>/<int:item_id>/ta-bort/", views.structure_delete,
         name="structure_delete"),
    path(P + "<int:pk>/aktiviteter/ny/", views.activity_edit, name="activity_create"),
    path(P + "<int:pk>/aktiviteter/<int:activity_id>/andra/", views.activity_edit,
         name="activity_edit"),
    path(P + "<int:pk>/aktiviteter/<int:activity_id>/ta-bort/", views.activity_delete,
         name="activity_delete"),
    path(P + "<int:pk>/godkann/", views.promise_approve, name="approve"),
    path(P + "<int:pk>/underteckna/", views.promise_sign, name="sign"),
    path(P + "<int:pk>/publicera/", views.promise_publish, name="publish"),
    path(P + "<int:pk>/ny-version/", views.promise_revise, name="revise"),
    path(P + "<int:pk>/avsluta/", views.promise_close, name="close"),
    path(P + "<int:pk>/ta-bort/", views.promise_delete, name="delete"),
    path(P + "<int:pk>/andringar/", views.promise_diff, name="diff"),
    path(P + "<int:pk>/pdf/", views.promise_pdf, name="pdf"),
    path(P + "<int:pk>/importera/", views.record_import, name="import"),
    path(P + "<int:pk>/uppfoljning/ny/", views.follow_up_compose, name="follow_up_compose"),
]

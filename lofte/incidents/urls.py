from __future__ import annotations

from django.urls import path

from lofte.incidents.views import files, meetings, picture, reports, review, settings

app_name = "incidents"

urlpatterns = [
    path("<slug:slug>/rapporter/", reports.incident_list, name="list"),
    path("<slug:slug>/rapporter/ny/", reports.incident_new, name="new"),
    path("<slug:slug>/rapporter/checklista/", reports.checklist, name="checklist"),
    path("<slug:slug>/rapporter/import/", reports.import_file, name="import"),
    path("<slug:slug>/rapporter/granska/", review.queue, name="review"),
    path("<slug:slug>/rapporter/installningar/", settings.lists, name="settings"),
    path("<slug:slug>/rapporter/<int:pk>/", reports.incident_detail, name="detail"),
    path("<slug:slug>/rapporter/<int:pk>/andra/", reports.incident_edit, name="edit"),
    path("<slug:slug>/rapporter/<int:pk>/foton/<int:photo_id>/", files.incident_photo,
         name="photo"),
    path("<slug:slug>/rapporter/<int:pk>/granska/", review.update, name="update"),
    path("<slug:slug>/rapporter/<int:pk>/moderera/", review.moderate, name="moderate"),
    path("<slug:slug>/rapporter/<int:pk>/sla-ihop/", review.merge, name="merge"),
    path("<slug:slug>/rapporter/<int:pk>/aterkoppling/", review.feedback, name="feedback"),
    path("<slug:slug>/veckobild/", picture.picture, name="picture"),
    path("<slug:slug>/veckobild/karta.geojson", picture.map_data, name="picture_map"),
    path("<slug:slug>/veckobild/export.csv", picture.export_csv, name="picture_csv"),
    path("<slug:slug>/veckobild/export.geojson", picture.export_geojson, name="picture_geojson"),
    path("<slug:slug>/veckobild/veckobild.pdf", picture.export_pdf, name="picture_pdf"),
    path("<slug:slug>/moten/", meetings.meeting_list, name="meetings"),
    path("<slug:slug>/moten/nytt/", meetings.meeting_new, name="meeting_new"),
    path("<slug:slug>/moten/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<slug:slug>/moten/<int:pk>/protokoll.pdf", meetings.minutes_pdf, name="meeting_pdf"),
    path("<slug:slug>/moten/<int:pk>/beslut/", meetings.decision_new, name="decision_new"),
    path("<slug:slug>/beslut/<int:pk>/", meetings.decision_update, name="decision_update"),
]

from __future__ import annotations

from django.urls import path

from lofte.documents import views

app_name = "documents"

P = "samverkan/<slug:slug>/lasin-lofte/"
urlpatterns = [
    path(P, views.upload, name="upload"),
    path(P + "<int:pk>/", views.review_extraction, name="review"),
    path(P + "<int:pk>/kasta/", views.discard_extraction, name="discard"),
    path("samverkan/<slug:slug>/loftesregister/", views.collaboration_register,
         name="collaboration_register"),
    path("register/", views.register, name="register"),
    path("register/teman/", views.register_themes, name="register_themes"),
    path("register/<int:pk>/", views.register_detail, name="register_detail"),
]

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from lofte.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("verifiera/", views.verify, name="verify"),
    path("", views.profile, name="profile"),
    path("nycklar/<int:token_id>/aterkalla/", views.revoke_token, name="revoke_token"),
    path("tvastegs/", views.totp_setup, name="totp_setup"),
    path("tvastegs/stang-av/", views.totp_disable, name="totp_disable"),
    path("aterstall/", views.password_reset, name="password_reset"),
    path("aterstall/skickat/", views.password_reset_done, name="password_reset_done"),
    path("aterstall/<uidb64>/<token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
    path("aterstall/klart/", views.password_reset_complete, name="password_reset_complete"),
]

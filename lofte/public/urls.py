from __future__ import annotations

from django.urls import path

from lofte.core.cache import public_response
from lofte.public import feeds, views

app_name = "public"

K = "offentlig/<str:code>/"
urlpatterns = [
    path("offentlig/", views.index, name="index"),
    path("offentlig/flode.atom", public_response(feeds.PromiseFeed()), name="feed_all"),
    path(K, views.municipality, name="municipality"),
    path(K + "flode.atom", public_response(feeds.PromiseFeed()), name="feed"),
    path(K + "widget/", views.widget, name="widget"),
    path(K + "loften/<int:pk>/", views.promise_page, name="promise"),
    path(K + "loften/<int:pk>/pdf/", views.promise_pdf, name="promise_pdf"),
    path(K + "uppfoljning/<int:pk>/", views.follow_up_page, name="follow_up"),
    path(K + "uppfoljning/<int:pk>/pdf/", views.follow_up_pdf, name="follow_up_pdf"),
]

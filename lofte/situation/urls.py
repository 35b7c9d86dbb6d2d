from __future__ import annotations

from django.urls import path

from lofte.situation import views

app_name = "situation"

urlpatterns = [
    path("<slug:slug>/lagesbild/", views.report_list, name="list"),
    path("<slug:slug>/lagesbild/ny/", views.report_create, name="create"),
    path("<slug:slug>/lagesbild/arshjul/", views.year_wheel, name="yearwheel"),
    path("<slug:slug>/lagesbild/<int:pk>/", views.report_detail, name="detail"),
    path("<slug:slug>/lagesbild/<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<slug:slug>/lagesbild/<int:pk>/jamfor/", views.report_compare, name="compare"),
    path("<slug:slug>/lagesbild/<int:pk>/avsnitt/<str:kind>/", views.section_edit,
         name="section"),
    path("<slug:slug>/lagesbild/<int:pk>/problem/ny/", views.problem_edit, name="problem_new"),
    path("<slug:slug>/lagesbild/<int:pk>/problem/<int:problem_pk>/", views.problem_edit,
         name="problem"),
    path("<slug:slug>/lagesbild/<int:pk>/problem/<int:problem_pk>/ta-bort/",
         views.problem_delete, name="problem_delete"),
    path("<slug:slug>/lagesbild/<int:pk>/problem/<int:problem_pk>/atgard/",
         views.problem_measure, name="problem_measure"),
    path("<slug:slug>/lagesbild/<int:pk>/koppling/<int:link_pk>/ta-bort/",
         views.measure_unlink, name="measure_unlink"),
    path("<slug:slug>/lagesbild/<int:pk>/generera/", views.report_regenerate,
         name="regenerate"),
    path("<slug:slug>/lagesbild/<int:pk>/granskad/", views.report_review, name="review"),
    path("<slug:slug>/lagesbild/<int:pk>/godkann/", views.report_approve, name="approve"),
    path("<slug:slug>/lagesbild/<int:pk>/publicera/", views.report_publish, name="publish"),
    path("<slug:slug>/lagesbild/<int:pk>/ny-version/", views.report_new_version,
         name="new_version"),
]

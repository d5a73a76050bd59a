from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("new/", views.edit, name="new"),
    path("import/", views.import_reports, name="import"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/behind/", views.statistics_behind, name="behind"),
    path("flags/", views.flags, name="flags"),
    path("flags/run/", views.run_checks, name="run_checks"),
    path("flags/<int:pk>/resolve/", views.resolve_flag, name="resolve_flag"),
    path("feeds/", views.feeds_page, name="feeds"),
]

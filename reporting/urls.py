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
]

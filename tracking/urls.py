from django.urls import path

from tracking import views

app_name = "tracking"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_xlsx, name="import"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/report/", views.submit_report, name="submit_report"),
    path("reports/<int:pk>/review/", views.review_report, name="review_report"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("documents/<int:pk>/generate/", views.generate, name="generate"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/report.docx", views.round_docx, name="round_docx"),
]

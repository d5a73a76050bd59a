from django.urls import path

from promotion import views

app_name = "promotion"

urlpatterns = [
    path("", views.projects, name="projects"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("projects/new/", views.project_edit, name="project_new"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/move/", views.project_move, name="project_move"),
    path("projects/<int:pk>/problems/", views.problem_add, name="problem_add"),
    path("problems/<int:pk>/solve/", views.problem_solve, name="problem_solve"),
    path("task-force/", views.task_force, name="task_force"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("events/", views.events, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/<int:pk>/matchmaking/", views.matchmaking_add, name="matchmaking_add"),
]

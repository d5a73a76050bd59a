from django.urls import path

from rules import views

app_name = "rules"
urlpatterns = [
    path("access/", views.access_check, name="access"),
    path("match/", views.policy_match, name="match"),
]

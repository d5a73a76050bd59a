from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("", views.applications, name="list"),
    path("types/", views.types, name="types"),
    path("types/<slug:type_id>/", views.type_detail, name="type"),
    path("types/<slug:type_id>/apply/", views.apply, name="apply"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/edit/", views.apply, {"type_id": ""}, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/info/", views.provide_info, name="provide_info"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/letter.docx", views.letter, name="letter"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("qualifications/", views.qualifications, name="qualifications"),
]

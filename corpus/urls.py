from django.urls import path

from corpus import views

app_name = "corpus"
urlpatterns = [
    path("", views.home, name="home"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("units/", views.unit_list, name="units"),
    path("units/unresolved/", views.unresolved_units, name="unresolved"),
    path("units/<slug:code>/", views.unit_detail, name="unit"),
    path("search/", views.search_view, name="search"),
    path("upload/", views.upload, name="upload"),
]

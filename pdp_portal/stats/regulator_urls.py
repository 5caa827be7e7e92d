from django.urls import path

from . import views

app_name = "stats_regulator"

urlpatterns = [
    path("", views.agency_page, name="page"),
    path("export.csv", views.agency_csv, name="csv"),
    path("export.xlsx", views.agency_xlsx, name="xlsx"),
]

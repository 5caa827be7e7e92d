from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.staff_page, name="page"),
    path("export.csv", views.staff_csv, name="csv"),
    path("export.xlsx", views.staff_xlsx, name="xlsx"),
]

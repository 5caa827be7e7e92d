from django.urls import path  # noqa: F401

app_name = "subjects_rights"

urlpatterns: list = []

from django.urls import path

from . import views

app_name = "centre"

urlpatterns = [
    path("<int:pk>/centre/", views.centre_edit, name="edit"),
    path("<int:pk>/centre/preview/", views.centre_preview, name="preview"),
    path("<int:pk>/centre/publish/", views.centre_publish, name="publish"),
    path("<int:pk>/centre/unpublish/", views.centre_unpublish, name="unpublish"),
]

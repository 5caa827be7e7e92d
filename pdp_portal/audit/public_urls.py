from django.urls import path

from . import views

app_name = "audit_public"

urlpatterns = [
    path("transparency/", views.transparency, name="transparency"),
    path("transparency/checkpoints.json", views.checkpoints_json, name="checkpoints_json"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]

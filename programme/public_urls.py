from django.urls import path

from . import public_views

app_name = "programme_public"

urlpatterns = [
    path("ai/<slug:slug>/<uuid:public_id>/", public_views.ai_system_page, name="ai_system"),
]

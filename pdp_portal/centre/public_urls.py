from django.urls import path

from . import public_views

app_name = "centre_public"

urlpatterns = [
    path("p/<slug:slug>/", public_views.centre, name="centre"),
    path("p/<slug:slug>/embed.js", public_views.embed_js, name="embed"),
]

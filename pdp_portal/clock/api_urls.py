"""Routes under /api/v1/clock/."""

from django.urls import path

from . import api

urlpatterns = [
    path("due/", api.DueView.as_view(), name="clock-due"),
    path("rules/", api.RulesView.as_view(), name="clock-rules"),
]

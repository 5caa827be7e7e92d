from django.urls import path

from . import regulator_views

app_name = "regulator"

urlpatterns = [
    path("", regulator_views.inbox, name="inbox"),
]

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<int:org_pk>/", views.organization_audit, name="organization"),
]

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<int:org_pk>/", views.organization_audit, name="organization"),
    path("<int:org_pk>/verify/", views.organization_verify, name="organization_verify"),
    path("<int:org_pk>/events/<int:event_pk>/proof.json", views.event_proof, name="event_proof"),
]

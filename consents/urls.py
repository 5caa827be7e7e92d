from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:org_pk>/subject/", views.subject, name="subject"),
    path("<int:org_pk>/stats/", views.statistics, name="stats"),
    path("record/<uuid:uid>/evidence.json", views.evidence_json, name="evidence_json"),
    path("record/<uuid:uid>/evidence.pdf", views.evidence_pdf, name="evidence_pdf"),
]

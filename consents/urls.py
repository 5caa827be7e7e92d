from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:org_pk>/subject/", views.subject, name="subject"),
    path("<int:org_pk>/stats/", views.statistics, name="stats"),
    path("<int:org_pk>/notices/new/", views.notice_new, name="notice_new"),
    path("<int:org_pk>/keys/", views.property_keys, name="keys"),
    path("<int:org_pk>/record/", views.record_new, name="record_new"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("record/<uuid:uid>/evidence.json", views.evidence_json, name="evidence_json"),
    path("record/<uuid:uid>/evidence.pdf", views.evidence_pdf, name="evidence_pdf"),
]

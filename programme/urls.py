from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:org_pk>/", views.detail, name="detail"),
    path("<int:org_pk>/profile/", views.profile_edit, name="profile"),
    path("<int:org_pk>/o/<str:code>/", views.obligation, name="obligation"),
    path("<int:org_pk>/o/<str:code>/status/", views.obligation_status, name="status"),
    path("<int:org_pk>/o/<str:code>/owner/", views.obligation_owner, name="owner"),
    path("<int:org_pk>/o/<str:code>/evidence/", views.obligation_evidence, name="evidence"),
    path("<int:org_pk>/o/<str:code>/notes/", views.obligation_note, name="note"),
    path("<int:org_pk>/files/<str:kind>/<int:pk>/", views.stored_file, name="file"),
    path("<int:org_pk>/ai/", views.ai_register, name="ai_register"),
    path("<int:org_pk>/ai/new/", views.ai_edit, name="ai_new"),
    path("<int:org_pk>/ai/<int:pk>/", views.ai_edit, name="ai_edit"),
    path("<int:org_pk>/ai/high-risk/", views.high_risk_add, name="high_risk_add"),
    path("<int:org_pk>/ai/export.<str:fmt>", views.ai_export, name="ai_export"),
    path("<int:org_pk>/contracts/", views.contracts, name="contracts"),
    path("<int:org_pk>/protection/", views.protection, name="protection"),
    path("<int:org_pk>/training/", views.training, name="training"),
    path("<int:org_pk>/report.pdf", views.report, name="report"),
]

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bundle/", views.bundle_prepare, name="bundle_prepare"),
    path("<int:pk>/bundle/<int:bundle_pk>/status/", views.bundle_status, name="bundle_status"),
    path("<int:pk>/bundle/<int:bundle_pk>/file/", views.bundle_file, name="bundle_file"),
    path("<int:pk>/items/<int:item_pk>/done/", views.remediation_submit, name="remediation_submit"),
    path("bundles/<int:bundle_pk>/download/", views.bundle_download, name="bundle_download"),
    path("evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]

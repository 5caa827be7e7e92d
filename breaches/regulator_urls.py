from django.urls import path

from pdp_portal.filings.regulator_views import inbox_for_kind

from . import regulator_views as views

app_name = "breaches_regulator"

urlpatterns = [
    # The list is the agency's workspace now; this address keeps working.
    path("", inbox_for_kind("breach"), name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/v<int:version>.pdf", views.submission_pdf, name="submission_pdf"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/request-info/", views.request_info, name="request_info"),
    path("<int:pk>/close/", views.close, name="close"),
]

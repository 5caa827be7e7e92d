from django.urls import path

from pdp_portal.filings.regulator_views import inbox_for_kind

from . import regulator_views as views

app_name = "certification_regulator"

urlpatterns = [
    # The list is the agency's workspace now; this address keeps working.
    path("", inbox_for_kind("application", "certificate_change"), name="inbox"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/v<int:version>.pdf", views.version_pdf, name="version_pdf"),
    path(
        "applications/<int:pk>/enclosures/<int:enclosure_id>/",
        views.enclosure_download,
        name="enclosure",
    ),
    path("applications/<int:pk>/supplement/", views.request_supplement, name="request_supplement"),
    path("applications/<int:pk>/complete/", views.complete, name="complete"),
    path("applications/<int:pk>/grant/", views.grant, name="grant"),
    path("applications/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/form05.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/form07.pdf", views.revocation_pdf, name="revocation_pdf"),
    path("certificates/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("certificates/<int:pk>/returned/", views.returned, name="returned"),
    path("changes/<int:pk>/", views.change_detail, name="change"),
    path("changes/<int:pk>/form06.pdf", views.change_pdf, name="change_pdf"),
    path(
        "changes/<int:pk>/enclosures/<int:enclosure_id>/",
        views.change_enclosure,
        name="change_enclosure",
    ),
    path("changes/<int:pk>/grant/", views.change_grant, name="change_grant"),
    path("changes/<int:pk>/refuse/", views.change_refuse, name="change_refuse"),
]

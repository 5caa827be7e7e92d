from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.application_new, name="application_new"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("<int:pk>/services/", views.application_services, name="application_services"),
    path("<int:pk>/staff/new/", views.staff_edit, name="staff_new"),
    path("<int:pk>/staff/<int:staff_id>/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/staff/<int:staff_id>/delete/", views.staff_delete, name="staff_delete"),
    path("<int:pk>/enclosures/", views.enclosure_upload, name="enclosure_upload"),
    path("<int:pk>/enclosures/<int:enclosure_id>/", views.enclosure_download, name="enclosure"),
    path(
        "<int:pk>/enclosures/<int:enclosure_id>/delete/",
        views.enclosure_delete,
        name="enclosure_delete",
    ),
    path("<int:pk>/form04.pdf", views.form04_draft, name="form04_draft"),
    path("<int:pk>/v<int:version>.pdf", views.version_pdf, name="version_pdf"),
    path("<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/form05.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/form07.pdf", views.revocation_pdf, name="revocation_pdf"),
    path("certificates/<int:pk>/change/", views.change_new, name="change_new"),
    path("certificates/<int:pk>/returned/", views.certificate_returned, name="returned"),
    path("changes/<int:pk>/form06.pdf", views.change_pdf, name="change_pdf"),
    path(
        "changes/<int:pk>/enclosures/<int:enclosure_id>/",
        views.change_enclosure,
        name="change_enclosure",
    ),
]

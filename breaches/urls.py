from django.urls import path

from . import views

app_name = "breaches"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.export, name="export"),
    path("new/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.complete, name="complete"),
    path("<int:pk>/form08.pdf", views.form08_draft, name="form08_draft"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/v<int:version>.pdf", views.submission_pdf, name="submission_pdf"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("<int:pk>/contain/", views.contain, name="contain"),
    path("<int:pk>/remediate/", views.remediate, name="remediate"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/controller-notified/", views.controller_notified, name="controller_notified"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("<int:pk>/notices/<int:notice_id>/", views.notice, name="notice"),
    path("<int:pk>/notices/<int:notice_id>/send/", views.notice_send, name="notice_send"),
    path("<int:pk>/public-notice/", views.public_notice, name="public_notice"),
]

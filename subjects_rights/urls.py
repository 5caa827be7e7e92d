from django.urls import path

from . import stats_views, views

app_name = "subjects_rights"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.request_new, name="new"),
    path("stats/", stats_views.statistics, name="stats"),
    path("export.csv", stats_views.export_csv, name="export_csv"),
    path("export.xlsx", stats_views.export_xlsx, name="export_xlsx"),
    path("keys/<int:org_pk>/", views.intake_keys, name="intake_keys"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/acknowledgement.pdf", views.acknowledgement_pdf, name="acknowledgement"),
    path("<int:pk>/assign/", views.action_assign, name="assign"),
    path("<int:pk>/respond/", views.action_respond, name="respond"),
    path("<int:pk>/extend/", views.action_extend, name="extend"),
    path("<int:pk>/third-party/", views.action_third_party, name="third_party"),
    path(
        "<int:pk>/third-party/<int:action_id>/done/",
        views.action_third_party_done,
        name="third_party_done",
    ),
    path("<int:pk>/fulfil/", views.action_fulfil, name="fulfil"),
    path("<int:pk>/refuse/", views.action_refuse, name="refuse"),
    path("<int:pk>/message/", views.action_message, name="message"),
    path("<int:pk>/withdraw/", views.action_withdraw, name="withdraw"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment_download, name="attachment"),
]

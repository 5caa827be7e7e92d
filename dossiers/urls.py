from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.index, name="index"),
    path("register/<int:org_pk>/", views.register, name="register"),
    path("register/<int:org_pk>/activities/new/", views.activity_edit, name="activity_new"),
    path("register/<int:org_pk>/activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("register/<int:org_pk>/recipients/new/", views.recipient_edit, name="recipient_new"),
    path("register/<int:org_pk>/recipients/<int:pk>/", views.recipient_edit, name="recipient_edit"),
    path("register/<int:org_pk>/transfers/new/", views.transfer_edit, name="transfer_new"),
    path("register/<int:org_pk>/transfers/<int:pk>/", views.transfer_edit, name="transfer_edit"),
    path("register/<int:org_pk>/domestic/new/", views.domestic_edit, name="domestic_new"),
    path("register/<int:org_pk>/domestic/<int:pk>/", views.domestic_edit, name="domestic_edit"),
    path("register/<int:org_pk>/changes/new/", views.change_new, name="change_new"),
    path("register/<int:org_pk>/export.xlsx", views.register_export, name="register_export"),
    path("register/<int:org_pk>/import/", views.register_import, name="register_import"),
    path("new/<int:org_pk>/<str:kind>/", views.dossier_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/enclosures/", views.enclosure_add, name="enclosure_add"),
    path("<int:pk>/enclosures/<int:eid>/", views.enclosure_download, name="enclosure"),
    path("<int:pk>/enclosures/<int:eid>/remove/", views.enclosure_remove, name="enclosure_remove"),
    path("<int:pk>/preview/<str:doc>.pdf", views.preview, name="preview"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/v<int:number>/<str:doc>.pdf", views.version_document, name="version_pdf"),
    path(
        "<int:pk>/v<int:number>/enclosures/<int:eid>/",
        views.version_enclosure,
        name="version_enclosure",
    ),
    path("<int:pk>/v<int:number>/package.zip", views.package, name="package"),
]

from django.urls import path

from pdp_portal.filings.regulator_views import inbox_for_kind

from . import regulator_views as views

app_name = "dossiers_regulator"

urlpatterns = [
    # The list is the agency's workspace now; this address keeps working.
    path("", inbox_for_kind("dossier"), name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/request-completion/", views.request_completion, name="request_completion"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/v<int:number>/<str:doc>.pdf", views.version_document, name="version_pdf"),
    path(
        "<int:pk>/v<int:number>/enclosures/<int:eid>/",
        views.version_enclosure,
        name="version_enclosure",
    ),
    path("<int:pk>/v<int:number>/package.zip", views.package, name="package"),
]

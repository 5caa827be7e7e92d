from django.urls import path

from pdp_portal.filings import regulator_views as filings

app_name = "regulator"

urlpatterns = [
    # One workspace for every kind of filing (pdp_portal.filings).
    path("", filings.inbox, name="inbox"),
    path("assign/", filings.assign, name="assign"),
    path("filings/<int:pk>/", filings.filing, name="filing"),
    path("organizations/<int:pk>/", filings.organization, name="organization"),
]

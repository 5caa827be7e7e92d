from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pdp_portal.accounts import views as account_views
from pdp_portal.organizations import views as org_views

from .api_urls import api_v1

# The API docs: Swagger UI's page (drf-spectacular-sidecar) carries a <style> block of its own, so
# this view alone may use inline styles. Its start-up script is served as a file by the split view
# (?script), so script-src stays 'self' here too.
api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

# The admin asks for the second factor too.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", org_views.dashboard, name="dashboard"),
    # The data subjects' form and tracking first: the busiest public path (every post of the
    # request form) is then matched without walking the staff pages' patterns. Its paths
    # (r/, track/) are no other pattern's.
    path("", include("subjects_rights.public_urls")),
    path("accounts/", include("pdp_portal.accounts.urls")),
    # The language switch also keeps a signed-in person's choice (e-mails are written in it).
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("organizations/", include("pdp_portal.organizations.urls")),
    path("organizations/", include("pdp_portal.centre.urls")),
    path("audit/", include("pdp_portal.audit.urls")),
    path("notifications/", include("pdp_portal.notices.urls")),
    path("regulator/", include("pdp_portal.organizations.regulator_urls")),
    path("stats/", include("pdp_portal.stats.urls")),
    path("regulator/stats/", include("pdp_portal.stats.regulator_urls")),
    path("clock/", include("pdp_portal.clock.urls")),
    path("requests/", include("subjects_rights.urls")),
    path("breaches/", include("breaches.urls")),
    path("regulator/breaches/", include("breaches.regulator_urls")),
    path("dossiers/", include("dossiers.urls")),
    path("regulator/dossiers/", include("dossiers.regulator_urls")),
    path("certification/", include("certification.urls")),
    path("programme/", include("programme.urls")),
    path("regulator/certification/", include("certification.regulator_urls")),
    path("consents/", include("consents.urls")),
    path("inspections/", include("inspections.urls")),
    path("regulator/inspections/", include("inspections.regulator_urls")),
    # Public pages (no account): breach notices, registries, consents, privacy centres.
    path("", include("breaches.public_urls")),
    path("", include("certification.public_urls")),
    path("", include("dossiers.public_urls")),
    path("", include("programme.public_urls")),
    path("", include("pdp_portal.audit.public_urls")),
    path("", include("consents.public_urls")),
    path("", include("pdp_portal.centre.public_urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]

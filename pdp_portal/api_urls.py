"""The /api/v1/ router: each app registers its viewsets here."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

import breaches.api
import certification.api
import consents.api
import dossiers.api
import inspections.api
import programme.api
import subjects_rights.api
from pdp_portal.apivalidation import api_not_found
from pdp_portal.centre import api as centre_api
from pdp_portal.clock import deadlines_api
from pdp_portal.filings import api as filings_api
from pdp_portal.organizations import api as organizations_api

router = DefaultRouter()
organizations_api.register(router)
deadlines_api.register(router)
subjects_rights.api.register(router)
breaches.api.register(router)
dossiers.api.register(router)
certification.api.register(router)
programme.api.register(router)
consents.api.register(router)
inspections.api.register(router)
filings_api.register(router)
centre_api.register(router)

api_v1 = [
    path("", include(router.urls)),
    path("clock/", include("pdp_portal.clock.api_urls")),
    # Last: any other path (a malformed id, an unknown action) gets a JSON 404, as documented,
    # not the site's HTML page. Paths without the final slash still get their redirect.
    # [\s\S], not ".": a path with an encoded line break (%0A) is a path like any other. (An
    # inline "(?s)" flag would break reverse(), which reads every pattern.)
    re_path(r"^[\s\S]*/$", api_not_found),
]

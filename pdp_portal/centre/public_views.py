"""Public pages for data subjects: the home page, each organisation's centre, its embed script.

No account is needed (Decree 356/2025 Art. 5(1): data subjects must be able to learn how to
exercise their rights). A centre that is not published answers 404 like a missing one.
"""

import json

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from pdp_portal.organizations.models import Organization
from pdp_portal.pagination import typed

from .models import CentreVersion
from .registry import build_parts

SEARCH_LIMIT = 20
QUERY_MAX = 100


def published_organizations():
    """Return the organisations whose centre is published."""
    live = CentreVersion.objects.filter(organization=OuterRef("pk"), withdrawn_at__isnull=True)
    return Organization.objects.filter(Exists(live))


@require_GET
def home(request):
    """The public home page: find an organisation, learn one's rights in plain words."""
    query = typed(request, limit=QUERY_MAX)
    organizations = published_organizations().only(
        "pk", "name", "name_foreign", "abbreviation", "tax_code", "slug", "head_office"
    )
    if query:
        digits = query.replace(" ", "")
        organizations = organizations.filter(
            Q(name__icontains=query)
            | Q(name_foreign__icontains=query)
            | Q(abbreviation__icontains=query)
            | Q(tax_code__startswith=digits)
        )
    results = list(organizations.order_by("name")[:SEARCH_LIMIT])
    return render(
        request,
        "centre/public/home.html",
        {"query": query, "organizations": results, "searched": bool(query)},
    )


def _live(slug: str) -> tuple[Organization, CentreVersion]:
    try:
        version = CentreVersion.objects.select_related("organization").get(
            organization__slug=slug, withdrawn_at__isnull=True
        )
    except CentreVersion.DoesNotExist:
        raise Http404("No published centre") from None
    return version.organization, version


def centre_context(request, organization, texts, language: str) -> dict:
    """Return what the centre page shows: the controller, its contacts, its texts, the parts."""
    contacts = list(organization.protection_contacts.order_by("-is_primary", "pk"))
    parts = build_parts(organization, language)
    for part in parts:
        # Each part is drawn by its app's template with its app's context.
        part["html"] = render_to_string(part["template"], part["context"], request=request)
    return {"organization": organization, "texts": texts, "contacts": contacts, "parts": parts}


@require_GET
def centre(request, slug):
    """An organisation's privacy centre, as last published."""
    organization, version = _live(slug)
    language = (get_language() or "vi")[:2]
    texts = {
        name: version.text(name, language) for name in ("introduction", "contact_hours", "notes")
    }
    context = centre_context(request, organization, texts, language)
    context["version"] = version
    return render(request, "centre/public/centre.html", context)


@require_GET
def embed_js(request, slug):
    """A small script that puts a button to the centre on the organisation's own site.

    It is loaded by a <script src> from another origin: served as JavaScript (browsers refuse a
    script of another type under nosniff), readable by any origin, and it sets styles through
    the CSSOM (element.style), which a Content-Security-Policy without 'unsafe-inline' allows.
    """
    organization, _version = _live(slug)
    url = request.build_absolute_uri(reverse("centre_public:centre", args=[organization.slug]))
    response = render(
        request,
        "centre/public/embed.js",
        # A JSON string is a JavaScript string literal (the slug and host are already checked).
        {"url_literal": mark_safe(json.dumps(url)), "organization": organization},
        content_type="text/javascript; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "public, max-age=300"
    return response

"""The statistics pages: /stats/ for organisations' staff, /regulator/stats/ for the agency.

Each page shows every figure registered for its audience (``registry``), a chart with its data
table beside it, and exports the same tables as CSV and XLSX.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pdp_portal.downloads import XLSX, document_response
from pdp_portal.organizations.models import Organization
from pdp_portal.organizations.permissions import visible_organizations
from pdp_portal.organizations.regulator_views import regulator_required

from . import tables
from .forms import VN, StatsFilter, day_start, default_period
from .registry import AGENCY, STAFF, Scope

TEMPLATES = {STAFF: "stats/staff.html", AGENCY: "stats/agency.html"}
URLS = {STAFF: "stats", AGENCY: "stats_regulator"}
FILENAMES = {STAFF: "thong-ke", AGENCY: "thong-ke-co-quan-chuyen-trach"}


def _organizations(request, audience):
    # Staff choose among (and see figures of) their own organisations only; the agency among all.
    if audience == AGENCY:
        return Organization.objects.all()
    return visible_organizations(request.user)


def _read(request, audience):
    """Return the bound filter and the scope it selects."""
    organizations = _organizations(request, audience).order_by("name")
    data = request.GET.copy()
    # The inputs show the period the figures cover, the default one included.
    first, last = default_period(timezone.localdate(timezone=VN))
    data.setdefault("start", first.isoformat())
    data.setdefault("end", last.isoformat())
    form = StatsFilter(data, organizations=organizations)
    organization, first, last = form.choices()
    ids = organizations.values("pk")
    if organization is not None:
        ids = ids.filter(pk=organization.pk)
    scope = Scope(
        audience=audience,
        user=request.user,
        organizations=ids,
        start=day_start(first),
        end=day_start(last + dt.timedelta(days=1)),
    )
    return form, scope, organization, (first, last)


def _heading(organization, period) -> list[str]:
    first, last = period
    return [
        _("Tổ chức: %(name)s") % {"name": organization.name if organization else _("Tất cả")},
        _("Khoảng thời gian: %(start)s - %(end)s (giờ Việt Nam)")
        % {"start": first.strftime("%d/%m/%Y"), "end": last.strftime("%d/%m/%Y")},
    ]


def _page(request, audience):
    form, scope, organization, period = _read(request, audience)
    figures = tables.build(scope)
    return render(
        request,
        TEMPLATES[audience],
        {
            "form": form,
            "figures": figures,
            "period": period,
            "organization": organization,
            "namespace": URLS[audience],
            "query": request.GET.urlencode(),
        },
    )


def _filename(audience, ext) -> str:
    return f"{FILENAMES[audience]}-{timezone.now().astimezone(VN):%Y-%m-%d}.{ext}"


# The export formats: how the tables are written, and the file's content type.
EXPORTS = {"csv": (tables.to_csv, "text/csv; charset=utf-8"), "xlsx": (tables.to_xlsx, XLSX)}


def _export(request, audience, ext):
    _form, scope, organization, period = _read(request, audience)
    write, content_type = EXPORTS[ext]
    return document_response(
        write(tables.build(scope), _heading(organization, period)),
        filename=_filename(audience, ext),
        content_type=content_type,
    )


def _views(audience, gate):
    """Return the page, CSV and XLSX views of one audience, each behind the audience's gate."""

    def page(request):
        return _page(request, audience)

    def csv(request):
        return _export(request, audience, "csv")

    def xlsx(request):
        return _export(request, audience, "xlsx")

    return gate(page), gate(csv), gate(xlsx)


# Staff see their own organisations' figures; the agency's page answers 404 to anyone else.
staff_page, staff_csv, staff_xlsx = _views(STAFF, login_required)
agency_page, agency_csv, agency_xlsx = _views(AGENCY, regulator_required)

"""The catalogue's limits shown as prose, and template numbers read from the catalogue."""

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from pdp_portal.clock.counting import compute, iso, parse_start
from pdp_portal.clock.rules import RULES, get_rule
from pdp_portal.organizations.applicability import applicability, small_enterprise_relief_last_day
from pdp_portal.organizations.models import SizeClass
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def test_twelve_months_without_the_service_is_a_revocation_ground():
    rule = get_rule("certificate.revoke.idle")
    assert (rule.period, rule.unit, rule.party) == (12, "months", "agency")
    assert rule.basis_vi == "Nghị định 356/2025 Điều 27 khoản 1 điểm b"
    assert not rule.reminds
    # A threshold does not move to a working day: 12 months from 15/8/2026 is Sun 15/8/2027.
    result = compute("certificate.revoke.idle", parse_start("2026-08-15T10:00:00+07:00"))
    assert iso(result.due_at) == "2027-08-15T23:59:59+07:00"


def test_the_small_enterprise_relief_ends_with_2030():
    rule = get_rule("relief.small_enterprise")
    assert (rule.period, rule.unit) == (5, "years")
    assert "Điều 41 khoản 1" in rule.basis_vi and "Điều 38 khoản 2" in rule.basis_vi
    # 05 years from 1/1/2026, that day included (Law 91/2025 Art. 38(2)).
    assert small_enterprise_relief_last_day() == dt.date(2030, 12, 31)


def test_the_applicability_page_shows_the_relief_end(as_user, dpo, org):
    org.size_class = SizeClass.SMALL
    org.save()
    html = as_user(dpo).get(f"/organizations/{org.pk}/").content.decode()
    assert 'data-relief-ends="2030-12-31"' in html
    assert "31/12/2030" in html


def test_the_relief_is_counted_by_the_clock(monkeypatch):
    org = make_organization(size_class=SizeClass.SMALL)
    rule = RULES["relief.small_enterprise"]
    monkeypatch.setitem(RULES, rule.code, dataclasses.replace(rule, period=3))
    with translation.override("vi"):
        texts = " ".join(
            finding.reason for finding in applicability(org, today=dt.date(2026, 6, 1))
        )
    assert "3 năm" in texts and "31/12/2028" in texts


def test_the_dossier_period_in_the_applicability_text_comes_from_the_catalogue(monkeypatch):
    org = make_organization(size_class=SizeClass.LARGE)
    with translation.override("vi"):
        before = " ".join(finding.reason for finding in applicability(org))
    assert "60 ngày" in before
    rule = RULES["dossier.file"]
    monkeypatch.setitem(RULES, rule.code, dataclasses.replace(rule, period=45))
    with translation.override("vi"):
        after = " ".join(finding.reason for finding in applicability(org))
    assert "45 ngày" in after and "60 ngày" not in after


def _render(name, **context):
    with translation.override("vi"):
        return render_to_string(name, context)


@pytest.mark.parametrize(
    ("template", "code", "context"),
    [
        (
            "certification/change_form.html",
            "certificate.reissue",
            {"certificate": SimpleNamespace(pk=1, number="GCN-1"), "form": ""},
        ),
    ],
)
def test_template_numbers_follow_the_catalogue(monkeypatch, template, code, context):
    assert "05 ngày làm việc" not in _render(template, **context)
    assert "5 ngày làm việc" in _render(template, **context)
    rule = RULES[code]
    monkeypatch.setitem(RULES, code, dataclasses.replace(rule, period=7))
    assert "7 ngày làm việc" in _render(template, **context)


def test_the_regulator_application_page_numbers_follow_the_catalogue(monkeypatch):
    from django.template import Context, Template

    # The two spans of the page, rendered from the template file's own lines.
    source = open("templates/certification/regulator/application_detail.html").read()
    lines = [line for line in source.splitlines() if 'data-rule="certificate.' in line]
    snippet = "{% load i18n clock_tags %}" + "".join(
        line[line.index("{% rule") : line.index("</span>") + 7] for line in lines
    )
    with translation.override("vi"):
        html = Template(snippet).render(Context({}))
        assert "Điều 25 khoản 4: 30 ngày" in html and "trong 15 ngày" in html
        for code, period in (("certificate.decide", 40), ("certificate.supplement", 20)):
            monkeypatch.setitem(RULES, code, dataclasses.replace(RULES[code], period=period))
        html = Template(snippet).render(Context({}))
    assert "Điều 25 khoản 4: 40 ngày" in html and "trong 20 ngày" in html

"""The steps, pages and bundle parts the apps' filings share through the filings core."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.template.loader import render_to_string

from breaches.models import Breach, BreachSubmission
from dossiers.models import DossierVersion
from pdp_portal.clock.rules import get_rule
from pdp_portal.filings.bundle import SectionWriter
from pdp_portal.filings.review import Moves, lock_row, tell_organisation
from pdp_portal.notices.models import Notification, OutboxMessage
from pdp_portal.workflow import InvalidTransition

pytestmark = pytest.mark.django_db


def test_a_move_the_table_does_not_allow_is_refused_with_both_statuses_named():
    moves = Moves(
        {Breach.Status.OPEN: {Breach.Status.CONTAINED}},
        Breach.Status,
        "%(reference)s: %(current)s → %(target)s",
        named=("reference",),
    )
    breach = Breach(reference="VP-1", status=Breach.Status.OPEN)
    moves.check(breach, "contained")
    with pytest.raises(InvalidTransition) as refused:
        moves.check(breach, "closed")
    assert str(refused.value) == "VP-1: Mới ghi nhận → Đã đóng"


def test_a_row_deleted_under_the_lock_is_refused_not_a_server_error():
    with transaction.atomic(), pytest.raises(InvalidTransition, match="vừa bị xóa"):
        lock_row(Breach(pk=10**9))


def test_the_organisation_is_emailed_only_when_the_step_says_so(org, dpo):
    dpo.email = "lan@hoasen.vn"
    dpo.save()
    told = {"key": "step:1", "message": "Bước %(n)s", "params": {"n": 1}, "url": "/x/"}
    tell_organisation(org, **told)
    assert Notification.objects.filter(user=dpo, key="step:1").count() == 1
    assert not OutboxMessage.objects.exists()

    def email(person):
        return {"template": "dossier_decision", "context": {"reasons": "r", "url": "/x/"}}

    tell_organisation(org, **{**told, "key": "step:2"}, email=email, email_key="mail:2")
    assert OutboxMessage.objects.get().key == f"mail:2:{dpo.pk}"


def _clock(rule_code: str, *, running=True, late=False):
    deadline = SimpleNamespace(
        label="", status="open", met_at=None, breached_at=None, provisional=False
    )
    deadline.get_status_display = lambda: "open"
    return SimpleNamespace(
        rule=get_rule(rule_code), deadline=deadline, due=None, running=running, late=late
    )


def test_the_clock_tables_share_one_layout_with_each_apps_heading_and_options():
    breach = render_to_string("breaches/_clocks.html", {"clocks": [_clock("breach.notify_agency")]})
    dossier = render_to_string("dossiers/_clocks.html", {"clocks": [_clock("dossier.review")]})
    # Every breach clock is the organisation's: no party; the 72 hours count down live.
    assert "countdown" in breach and "Tổ chức" not in breach and "Nghĩa vụ" in breach
    assert "countdown" not in dossier and "Cơ quan chuyên trách" in dossier
    assert 'data-rule="dossier.review" data-status="open"' in dossier
    empty = render_to_string("certification/_clocks.html", {"clocks": []})
    assert "Chưa có thời hạn nào đang tính." in empty


def test_a_sections_pdfs_are_written_one_row_at_a_time_and_empty_ones_left_out(org, dpo, three):
    breach, dossier, _application = three
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        writer = SectionWriter(zf, "s")
        rows = writer.add_binaries(
            BreachSubmission.objects.filter(breach=breach),
            ("version",),
            lambda version: {"pdf": f"mau-08-lan-{version}.pdf"},
        )
        writer.add_binaries(
            DossierVersion.objects.filter(dossier=dossier),
            ("number",),
            lambda n: {"notice_pdf": f"v{n}/notice.pdf", "update_pdf": f"v{n}/update.pdf"},
        )
    assert rows == 1
    # The first version of a dossier has no Form 03a update: nothing is written for it.
    assert [e.name for e in writer.entries] == ["s/mau-08-lan-1.pdf", "s/v1/notice.pdf"]
    with zipfile.ZipFile(out) as zf:
        assert zf.read("s/mau-08-lan-1.pdf").startswith(b"%PDF")


def test_counts_on_forms_are_grouped_as_the_reader_language_writes_them():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load dossier_tags %}{{ n|thousands }}|{{ none|thousands }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 1250000, "none": None})) == "1.250.000|"
    with translation.override("en"):  # the English rendering of a form (Form 09, 10, 08)
        assert template.render(Context({"n": 1250000, "none": ""})) == "1,250,000|"

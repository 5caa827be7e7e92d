"""The programme page, one obligation's page, evidence, yearly clocks and their notifications."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pdp_portal.clock.models import Deadline
from pdp_portal.notices.models import Notification
from programme import services
from programme.models import InvalidTransition, ObligationState
from tests.factories import PDF
from tests.queries import assert_queries_do_not_grow

from .helpers import activity, ai_system, profile

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Tuesday 3 March 2026, 10:00 Vietnam time.
NOW = dt.datetime(2026, 3, 3, 10, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def pdf(name="bang-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def state(org, code):
    return ObligationState.objects.get(organization=org, code=code)


def test_the_page_shows_what_applies_and_why_and_what_does_not(as_user, org, dpo):
    org.sectors = ["finance"]
    org.save()
    response = as_user(dpo).get(reverse("programme:detail", args=[org.pk]))
    assert response.status_code == 200
    applying = {r["obligation"].code: r for r in response.context["applying"]}
    not_applying = {r["obligation"].code: r for r in response.context["not_applying"]}
    assert "finance.assessment" in applying and "blockchain.crypto" in not_applying
    html = response.content.decode()
    assert "Nghị định 356/2025 Điều 8 khoản 1" in html
    assert "tài chính, ngân hàng, tín dụng (hồ sơ tổ chức)" in applying["finance.logs"]["facts"][0]
    assert "Không dùng công nghệ chuỗi khối" in not_applying["blockchain.crypto"]["facts"][0]
    finance = next(a for a in response.context["areas"] if a["code"] == "finance")
    assert (finance["done"], finance["total"]) == (0, 4)


def test_the_page_reads_in_english(as_user, org, dpo):
    client = as_user(dpo)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        html = client.get(
            reverse("programme:detail", args=[org.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Decree 356/2025 Art. 13(1)" in html
    assert "Does not use blockchain technology" in html


def test_another_organisations_programme_is_404(as_user, org, dpo, other_org, outsider):
    services.programme_sync(organization=org)
    client = as_user(outsider)
    assert client.get(reverse("programme:detail", args=[org.pk])).status_code == 404
    url = reverse("programme:obligation", args=[org.pk, "protection.designation"])
    assert client.get(url).status_code == 404
    post = reverse("programme:status", args=[org.pk, "protection.designation"])
    assert client.post(post, {"status": "in_progress"}).status_code == 404
    assert state(org, "protection.designation").status == "open"
    assert client.get(reverse("programme:ai_register", args=[org.pk])).status_code == 404
    assert client.get(reverse("programme:report", args=[org.pk])).status_code == 404


def test_done_without_evidence_is_refused_naming_the_article(as_user, org, dpo):
    services.programme_sync(organization=org)
    url = reverse("programme:status", args=[org.pk, "protection.confidentiality"])
    response = as_user(dpo).post(url, {"status": "done"}, follow=True)
    assert "Nghị định 356/2025 Điều 13 khoản 5 yêu cầu bằng chứng" in response.content.decode()
    assert state(org, "protection.confidentiality").status == "open"
    # A document is not the contract this obligation asks for.
    services.evidence_add(
        actor=dpo, state=state(org, "protection.confidentiality"), upload=pdf(), kind="document"
    )
    with pytest.raises(InvalidTransition, match="Điều 13 khoản 5"):
        services.obligation_set_status(
            actor=dpo, state=state(org, "protection.confidentiality"), status="done"
        )
    as_user(dpo).post(
        reverse("programme:evidence", args=[org.pk, "protection.confidentiality"]),
        {"kind": "contract", "description": "Thỏa thuận bảo mật", "file": pdf()},
    )
    as_user(dpo).post(url, {"status": "done"})
    done = state(org, "protection.confidentiality")
    assert done.status == "done" and done.done_at == NOW
    history = [e.action for e in as_user(dpo).get(done.get_absolute_url()).context["history"]]
    assert history[:3] == ["programme.status", "programme.evidence", "programme.evidence"]


def test_a_new_obligation_appears_with_its_yearly_clock_and_the_dpo_is_told(org, dpo):
    services.programme_sync(organization=org)
    Notification.objects.all().delete()
    ai_system(org, name="Trợ lý ảo")
    result = services.programme_sync(organization=org)
    started = {s.code for s in result["started"]}
    assert started == {"ai.notice", "ai.supervision", "ai.security", "ai.risk", "ai.assessment"}
    assessment = state(org, "ai.assessment")
    clock = assessment.deadline
    assert clock.rule == "programme.assess.ai" and clock.status == "open"
    # One year from Tue 3/3/2026: Wed 3/3/2027, a working day, at its end.
    assert clock.due_at == dt.datetime(2027, 3, 3, 23, 59, 59, tzinfo=VN)
    notes = Notification.objects.filter(user=dpo, key__startswith="programme.applies:")
    assert notes.count() == 5
    note = notes.get(key__startswith=f"programme.applies:{assessment.pk}:")
    assert note.message.startswith("Nghĩa vụ mới áp dụng")
    assert note.params["due"] == "03/03/2027"
    assert note.params["basis"] == {
        "vi": "Nghị định 356/2025 Điều 10 khoản 5 điểm đ",
        "en": "Decree 356/2025 Art. 10(5)(dd)",
    }
    # A second sync changes nothing and tells nobody again.
    assert services.programme_sync(organization=org) == {"started": [], "stopped": []}
    assert Notification.objects.filter(user=dpo).count() == 5


def test_an_obligation_that_stops_applying_keeps_its_history(org, dpo):
    profile(org, blockchain=True)
    services.programme_sync(organization=org)
    bc = state(org, "blockchain.assessment")
    services.evidence_add(actor=dpo, state=bc, upload=pdf(), kind="assessment")
    services.profile_update(actor=dpo, organization=org, blockchain=False)
    bc.refresh_from_db()
    assert not bc.applies and bc.stopped_at == NOW
    assert bc.evidence.count() == 1
    assert Deadline.objects.get(pk=bc.deadline_id).status == "cancelled"
    with pytest.raises(InvalidTransition, match="hiện không áp dụng"):
        services.obligation_set_status(actor=dpo, state=bc, status="in_progress")
    # It applies again: the same row, its evidence kept, a new clock.
    services.profile_update(actor=dpo, organization=org, blockchain=True)
    bc.refresh_from_db()
    assert bc.applies and bc.evidence.count() == 1
    assert Deadline.objects.filter(rule="programme.assess.blockchain", status="open").count() == 1


def test_a_yearly_assessment_met_opens_next_years_clock(org, dpo):
    org.sectors = ["finance"]
    org.save()
    services.programme_sync(organization=org)
    fin = state(org, "finance.assessment")
    first = fin.deadline
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=VN), tick=False):
        services.evidence_add(actor=dpo, state=fin, upload=pdf(), kind="assessment")
        services.obligation_set_status(actor=dpo, state=fin, status="done")
    first.refresh_from_db()
    fin.refresh_from_db()
    assert first.status == "met"
    assert fin.deadline.rule == "programme.assess.finance" and fin.deadline.pk != first.pk
    # Tue 1/12/2026 + 1 year = Wed 1/12/2027.
    assert fin.deadline.due_at == dt.datetime(2027, 12, 1, 23, 59, 59, tzinfo=VN)


def test_last_years_evidence_does_not_meet_this_years_assessment(org, dpo):
    org.sectors = ["finance"]
    org.save()
    services.programme_sync(organization=org)
    fin = state(org, "finance.assessment")
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=VN), tick=False):
        services.evidence_add(actor=dpo, state=fin, upload=pdf(), kind="assessment")
        services.obligation_set_status(actor=dpo, state=fin, status="done")
        services.obligation_set_status(
            actor=dpo, state=state(org, "finance.assessment"), status="in_progress"
        )
    with time_machine.travel(dt.datetime(2027, 2, 1, 9, 0, tzinfo=VN), tick=False):
        with pytest.raises(InvalidTransition, match="Điều 8 khoản 1"):
            services.obligation_set_status(
                actor=dpo, state=state(org, "finance.assessment"), status="done"
            )


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # 1/1/2027 is New Year's Day (Friday): the period ends Monday 4/1/2027.
        (dt.datetime(2026, 1, 1, 9, 0, tzinfo=VN), dt.datetime(2027, 1, 4, 23, 59, 59, tzinfo=VN)),
        # 30/4/2027 Reunification Day (Friday), 1/5 Labour Day (Saturday) with its compensatory
        # Monday 3/5: the period ends Tuesday 4/5/2027.
        (dt.datetime(2026, 4, 30, 9, 0, tzinfo=VN), dt.datetime(2027, 5, 4, 23, 59, 59, tzinfo=VN)),
    ],
)
def test_the_yearly_clock_counts_on_the_vietnamese_calendar(org, start, due):
    from pdp_portal.clock.services import deadline_open

    services.programme_sync(organization=org)
    subject = state(org, "protection.designation")
    clock = deadline_open(
        organization=org,
        rule="programme.assess.cloud",
        subject=subject,
        started_at=start,
        label_params={},
    )
    assert clock.due_at == due
    with translation.override("en"):
        assert clock.label == "Yearly compliance assessment: cloud computing service provider"


def test_the_owner_is_reminded_by_the_yearly_clock(org, dpo, staff):
    profile(org, cloud_provider=True)
    services.programme_sync(organization=org)
    cloud = state(org, "cloud.assessment")
    services.obligation_set_owner(actor=dpo, state=cloud, owner=staff)
    assert Deadline.objects.get(pk=cloud.deadline_id).responsible == staff


def test_the_dashboard_card_counts_overdue_and_soon_due_assessments(as_user, org, dpo, other_org):
    org.sectors = ["finance"]
    org.save()
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=VN), tick=False):
        services.programme_sync(organization=org)  # due 2/3/2026: overdue on 3/3/2026
    profile(org, blockchain=True)
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, 0, tzinfo=VN), tick=False):
        services.programme_sync(organization=org)  # due 20/3/2026: within 30 days
    profile(org, cloud_provider=True)
    services.programme_sync(organization=org)  # due 3/3/2027
    html = as_user(dpo).get(reverse("dashboard")).content.decode()
    assert 'data-testid="programme-card"' in html
    assert '<td class="danger" data-figure="overdue">1</td>' in html
    assert '<td class="warn" data-figure="due_soon">1</td>' in html
    assert other_org.name not in html


def test_list_pages_cost_the_same_with_more_rows(as_user, org, dpo):
    client = as_user(dpo)
    counter = iter(range(1000))

    def grow(k):
        for _ in range(k):
            n = next(counter)
            ai_system(org, name=f"Hệ thống {n}", identifies=bool(n % 2)).activities.add(
                activity(org, name=f"Hoạt động {n}", sensitive=["location", "biometric"])
            )
            services.person_add(
                actor=dpo,
                organization=org,
                full_name=f"Người {n}",
                degree_level="bachelor",
                experience_field="it",
            )
            services.training_add(
                actor=dpo,
                organization=org,
                held_on=dt.date(2026, 1, 5),
                title=f"Buổi {n}",
                attendees=[dpo],
            )
            services.contract_save(
                actor=dpo,
                organization=org,
                kind="cloud",
                party=f"Cloud {n}",
                clauses={"12.2.a": "3"},
            )
            st = (
                state(org, "protection.designation")
                if ObligationState.objects.filter(organization=org).exists()
                else None
            )
            if st is not None:
                services.evidence_add(actor=dpo, state=st, upload=pdf(), kind="document")

    services.programme_sync(organization=org)
    assert_queries_do_not_grow(
        client,
        [
            reverse("programme:detail", args=[org.pk]),
            reverse("programme:ai_register", args=[org.pk]),
            reverse("programme:contracts", args=[org.pk]),
            reverse("programme:obligation", args=[org.pk, "protection.designation"]),
            reverse("programme:training", args=[org.pk]),
            reverse("programme:protection", args=[org.pk]),
        ],
        grow,
    )


def test_the_sweeper_reminds_and_marks_a_yearly_assessment_overdue(as_user, org, dpo):
    from pdp_portal.clock.services import sweep

    profile(org, blockchain=True)
    services.programme_sync(organization=org)
    clock = state(org, "blockchain.assessment").deadline
    # Wed 3/3/2027 is the last day; the day after, the sweeper escalates.
    with time_machine.travel(dt.datetime(2027, 3, 4, 9, 0, tzinfo=VN), tick=False):
        sweep()
    clock.refresh_from_db()
    assert clock.status == "overdue"
    reminders = Notification.objects.filter(user=dpo, key__startswith=f"clock.reminder:{clock.pk}:")
    assert reminders.exists()
    detail = as_user(dpo).get(reverse("clock:deadline_detail", args=[clock.pk]))
    assert detail.status_code == 200
    assert "Nghị định 356/2025 Điều 11 khoản 2 điểm c" in detail.content.decode()

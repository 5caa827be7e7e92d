import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breaches import services
from breaches.models import Breach, NoticeRecipient, SubjectNotice
from pdp_portal.notices.models import OutboxMessage
from tests.queries import assert_growth_costs_no_queries

from .conftest import DISCOVERED, make_breach

pytestmark = pytest.mark.django_db


@pytest.fixture
def breach(org, dpo, at_discovery):
    return make_breach(org, dpo)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 200), ("outsider", 404), ("regulator", 404)],
)
def test_staff_pages_by_persona(request, as_user, breach, persona, status):
    client = as_user(request.getfixturevalue(persona))
    for name in ("detail", "form08_draft", "record_pdf"):
        assert client.get(reverse(f"breaches:{name}", args=[breach.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 404), ("outsider", 404), ("regulator", 404)],
)
def test_change_pages_by_persona(request, as_user, breach, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("breaches:complete", args=[breach.pk])).status_code == status
    assert client.get(reverse("breaches:submit", args=[breach.pk])).status_code == status


def test_anonymous_is_sent_to_login(client, breach):
    response = client.get(reverse("breaches:detail", args=[breach.pk]))
    assert response.status_code == 302


def test_regulator_sees_submitted_items_only(as_user, org, dpo, regulator, breach):
    draft = make_breach(org, dpo, summary="Bản nháp chưa nộp")
    services.breach_submit(actor=dpo, breach=breach)
    client = as_user(regulator)
    # The old list address opens the agency's workspace filtered on breaches.
    old = client.get(reverse("breaches_regulator:inbox"))
    assert old.status_code == 302 and old["Location"] == "/regulator/?kind=breach"
    inbox = client.get(old["Location"]).content.decode()
    assert breach.reference in inbox and "Bản nháp chưa nộp" not in inbox
    assert draft.reference not in inbox
    assert client.get(reverse("breaches_regulator:detail", args=[breach.pk])).status_code == 200
    assert client.get(reverse("breaches_regulator:detail", args=[draft.pk])).status_code == 404
    pdf = client.get(reverse("breaches_regulator:submission_pdf", args=[breach.pk, 1]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["dpo", "outsider"])
def test_organisations_cannot_reach_the_regulator_pages(request, as_user, breach, dpo, persona):
    services.breach_submit(actor=dpo, breach=breach)
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("breaches_regulator:inbox")).status_code == 404
    assert client.get(reverse("breaches_regulator:detail", args=[breach.pk])).status_code == 404


def test_quick_record_form(as_user, dpo, org, at_discovery):
    client = as_user(dpo)
    response = client.post(
        reverse("breaches:record"),
        {
            "organization": org.pk,
            "summary": "Mất máy tính xách tay chứa danh sách khách hàng",
            "discovered_at": "2026-03-02T09:30",
            "basic_data_types": ["name"],
            "subject_count": "120",
            "harms_data_subjects": "on",
            "acting_role": "controller",
        },
    )
    breach = Breach.objects.get()
    assert response.status_code == 302 and response["Location"] == breach.get_absolute_url()
    assert breach.discovered_at == DISCOVERED
    assert set(services.breach_deadlines(breach)) == {"breach.notify_agency"}


def test_quick_record_form_refuses_the_future_and_keeps_the_input(as_user, dpo, org, at_discovery):
    client = as_user(dpo)
    response = client.post(
        reverse("breaches:record"),
        {
            "organization": org.pk,
            "summary": "Sự cố thử",
            "discovered_at": "2026-03-09T09:30",
            "subject_count": "-3",
            "acting_role": "controller",
        },
    )
    assert response.status_code == 200
    assert not Breach.objects.exists()
    assert "Sự cố thử" in response.content.decode()


def test_submit_view_sends_form08(as_user, dpo, breach):
    client = as_user(dpo)
    response = client.post(reverse("breaches:submit", args=[breach.pk]), {"place": "Hà Nội"})
    assert response.status_code == 302
    pdf = client.get(reverse("breaches:submission_pdf", args=[breach.pk, 1]))
    assert pdf.content.startswith(b"%PDF")


def test_register_query_count_does_not_grow(as_user, dpo, org, at_discovery):
    make_breach(org, dpo)

    def grow():
        for _ in range(5):
            make_breach(org, dpo)

    _before, response = assert_growth_costs_no_queries(
        as_user(dpo), reverse("breaches:register"), grow
    )
    assert response.status_code == 200


def test_export_lists_visible_breaches_only(as_user, dpo, outsider, other_org, breach):
    make_breach(other_org, outsider, summary="Của tổ chức khác")
    content = as_user(dpo).get(reverse("breaches:export")).content.decode("utf-8-sig")
    assert breach.reference in content and "Của tổ chức khác" not in content


def _notice(breach, dpo):
    return services.notice_create(actor=dpo, breach=breach, **services.notice_defaults(breach))


def test_csv_with_bad_rows_reports_each_and_keeps_nothing(as_user, dpo, breach):
    services.breach_update(actor=dpo, breach=breach, sensitive_data_types=["location"])
    notice = _notice(breach, dpo)
    csv = (
        "email,họ tên\nan@example.vn,Nguyễn Văn An\nkhong-phai-email,Bình\nan@example.vn,Trùng\n\n"
    )
    upload = SimpleUploadedFile("ds.csv", csv.encode(), content_type="text/csv")
    response = as_user(dpo).post(
        reverse("breaches:notice", args=[breach.pk, notice.pk]), {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 3" in page and "Dòng 4" in page
    assert not NoticeRecipient.objects.exists()
    assert not OutboxMessage.objects.filter(template="breach_subject_notice").exists()


def test_notice_is_sent_once_per_person_and_meets_the_clock(as_user, dpo, breach):
    services.breach_update(actor=dpo, breach=breach, sensitive_data_types=["biometric"])
    notice = _notice(breach, dpo)
    client = as_user(dpo)
    upload = SimpleUploadedFile(
        "ds.csv", "an@example.vn,Nguyễn Văn An\nbinh@example.vn;Trần Bình\n".encode(), "text/csv"
    )
    # The two rows use different separators: the second row is then one bad cell.
    response = client.post(
        reverse("breaches:notice", args=[breach.pk, notice.pk]), {"file": upload}
    )
    assert response.status_code == 200 and not NoticeRecipient.objects.exists()
    upload = SimpleUploadedFile(
        "ds.csv", "an@example.vn,Nguyễn Văn An\nbinh@example.vn,Trần Bình\n".encode(), "text/csv"
    )
    response = client.post(
        reverse("breaches:notice", args=[breach.pk, notice.pk]), {"file": upload}
    )
    assert response.status_code == 302
    client.post(reverse("breaches:notice_send", args=[breach.pk, notice.pk]))
    client.post(reverse("breaches:notice_send", args=[breach.pk, notice.pk]))
    messages = OutboxMessage.objects.filter(template="breach_subject_notice")
    assert sorted(messages.values_list("recipient", flat=True)) == [
        "an@example.vn",
        "binh@example.vn",
    ]
    assert "Nguyễn Văn An" in messages.get(recipient="an@example.vn").body_text
    assert SubjectNotice.objects.get().status == "sent"
    assert services.breach_deadlines(breach)["breach.notify_subjects"].status == "met"


def test_public_notice_page(client, as_user, dpo, breach):
    url = reverse("breaches_public:notice", args=[breach.public_id])
    assert client.get(url).status_code == 404
    services.breach_publish_notice(actor=dpo, breach=breach, text="Thông báo công khai thử")
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and "Thông báo công khai thử" in response.content.decode()
    services.breach_withdraw_notice(actor=dpo, breach=breach)
    assert client.get(url).status_code == 404


def test_regulator_acknowledge_and_request_info_views(as_user, dpo, regulator, breach):
    services.breach_submit(actor=dpo, breach=breach)
    client = as_user(regulator)
    client.post(reverse("breaches_regulator:acknowledge", args=[breach.pk]))
    client.post(
        reverse("breaches_regulator:request_info", args=[breach.pk]),
        {"message": "Đề nghị gửi nhật ký truy cập."},
    )
    breach.refresh_from_db()
    assert breach.review_status == "info_requested"
    assert OutboxMessage.objects.filter(template="breach_info_requested").exists()
    page = as_user(dpo).get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "Đề nghị gửi nhật ký truy cập." in page


def test_the_boxes_that_choose_the_clocks_say_what_each_switches_on(as_user, dpo, breach):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (reverse("breaches:record"), reverse("breaches:complete", args=[breach.pk])):
        form = client.get(url).context["form"]
        harm = str(form.fields["harms_data_subjects"].help_text)
        assert "72 hours" in harm and "Form 08" in harm and "Art. 23(1)" in harm
        assert form.fields["harms_public_interest"].help_text == harm
        sensitive = str(form.fields["sensitive_data_types"].help_text)
        assert "Art. 29(1)" in sensitive and "Art. 8(3)" in sensitive
        assert "controller" in str(form.fields["acting_role"].help_text)
    page = client.get(reverse("breaches:record")).content.decode()
    assert "switches on the duty to notify the specialized agency" in page


def test_a_breach_still_kept_is_not_deleted_and_the_page_says_why(as_user, dpo, breach):
    client = as_user(dpo)
    response = client.post(reverse("breaches:delete", args=[breach.pk]), follow=True)
    assert response.redirect_chain[-1][0] == breach.get_absolute_url()
    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1 and "chưa khắc phục xong, không thể xóa" in said[0]
    assert Breach.objects.filter(pk=breach.pk).exists()

"""Per-purpose consent, withdrawal, re-consent, refusals naming field and article."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from consents import expiry, keys, services
from consents.models import ConsentDecision, ConsentRecord, Decision

from .conftest import make_activity, record_data

pytestmark = pytest.mark.django_db


def _state(org, identifier="an.nguyen@example.vn"):
    key = keys.subject_key(org, "email", identifier)
    return {
        code: d.decision
        for code, d in services.current_state(services.subject_decisions(org, key)).items()
    }


def test_it_records_a_decision_per_purpose(org, notice):
    record, created = services.consent_record(actor="test", organization=org, **record_data())
    assert created
    assert _state(org) == {"delivery": "given", "ads": "refused"}
    assert "@" not in record.subject_key and len(record.subject_key) == 64


def test_the_same_person_is_found_whatever_the_spelling(org, notice):
    services.consent_record(
        actor="test",
        organization=org,
        **record_data(identifier_kind="phone", identifier="090 123 4567"),
    )
    key = keys.subject_key(org, "phone", "+84901234567")
    assert key == keys.subject_key(org, "phone", "84-90-123-4567")
    assert services.subject_decisions(org, key).count() == 2


def test_the_subject_key_differs_between_organisations(org, other_org):
    assert keys.subject_key(org, "email", "a@b.vn") != keys.subject_key(
        other_org, "email", "a@b.vn"
    )


def test_withdrawal_and_re_consent_keep_every_earlier_record(org, notice):
    first, _ = services.consent_record(actor="test", organization=org, **record_data())
    key = first.subject_key
    withdrawn = services.consent_withdraw(
        actor="test", organization=org, subject_key=key, codes=("delivery",), source="test"
    )
    assert len(withdrawn) == 1
    assert _state(org) == {"delivery": "withdrawn", "ads": "refused"}
    services.consent_record(
        actor="test", organization=org, **record_data(decisions={"delivery": "given"})
    )
    assert _state(org)["delivery"] == "given"
    assert ConsentRecord.objects.filter(subject_key=key).count() == 3
    history = [
        d.decision for d in services.subject_decisions(org, key) if d.purpose.code == "delivery"
    ]
    assert history == ["given", "withdrawn", "given"]


def test_a_withdrawal_leaves_purposes_never_given_alone(org, notice):
    record, _ = services.consent_record(actor="test", organization=org, **record_data())
    services.consent_withdraw(
        actor="test", organization=org, subject_key=record.subject_key, source="test"
    )
    assert _state(org) == {"delivery": "withdrawn", "ads": "refused"}


@pytest.mark.parametrize(
    ("overrides", "field", "article"),
    [
        ({"decisions": {"newsletter": "given"}}, "decisions.newsletter", "Điều 9"),
        ({"notice_version": 9}, "notice_version", "Điều 9"),
        ({"decisions": {"*": "given"}}, "decisions", "Điều 9 khoản 4"),
        ({"decisions": {}}, "decisions", "Điều 9 khoản 4"),
        ({"method": ""}, "method", "Điều 6 khoản 1"),
        ({"evidence": {"ip": "203.0.113.7"}}, "evidence.user_agent", "Điều 6 khoản 1"),
        ({"method": "sms", "evidence": {"sms_number": "8088"}}, "evidence.sms_syntax", "Điều 6"),
        ({"subject_age": 12}, "representative.name", "Điều 24 khoản 2"),
        ({"capacity": "restricted"}, "representative.name", "Điều 24 khoản 2"),
        ({"identifier_kind": "phone", "identifier": "12345"}, "identifier", ""),
    ],
)
def test_bad_input_is_refused_naming_field_and_article(org, notice, overrides, field, article):
    with pytest.raises(ValidationError) as caught:
        services.consent_record(actor="test", organization=org, **record_data(**overrides))
    errors = caught.value.message_dict
    assert field in errors
    assert article in " ".join(errors[field])
    assert not ConsentRecord.objects.exists()
    assert not ConsentDecision.objects.exists()


def test_a_draft_notice_takes_no_consent(org):
    from .conftest import make_notice

    make_notice(org, publish=False)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(actor="test", organization=org, **record_data())
    assert "notice_version" in caught.value.message_dict


def test_a_child_with_a_representative_is_recorded(org, notice):
    record, _ = services.consent_record(
        actor="test",
        organization=org,
        **record_data(
            subject_age=12, representative={"name": "Nguyễn Văn Bố", "relationship": "cha"}
        ),
    )
    assert record.representative["name"] == "Nguyễn Văn Bố"


def test_a_child_of_seven_agrees_too_where_private_life_is_published(org):
    activity = make_activity(org)
    notice = services.notice_create(
        actor="test",
        organization=org,
        title_vi="Ảnh học sinh",
        text_vi="Đăng ảnh lớp học.",
        purposes=[
            {
                "code": "photos",
                "label_vi": "Đăng ảnh",
                "activity": activity,
                "discloses_private_life": True,
            }
        ],
    )
    services.notice_publish(actor="test", notice=notice)
    data = record_data(
        decisions={"photos": "given"}, subject_age=8, representative={"name": "Trần Thị Mẹ"}
    )
    with pytest.raises(ValidationError) as caught:
        services.consent_record(actor="test", organization=org, **data)
    assert "representative.child_agreed" in caught.value.message_dict
    data["representative"]["child_agreed"] = True
    services.consent_record(actor="test", organization=org, **data)
    data = record_data(
        decisions={"photos": "given"},
        subject_age=6,
        representative={"name": "Trần Thị Mẹ"},
        idempotency_key="six",
    )
    services.consent_record(actor="test", organization=org, **data)


def test_an_idempotency_key_returns_the_first_record(org, notice):
    first, created = services.consent_record(
        actor="test", organization=org, **record_data(idempotency_key="k1")
    )
    again, created_again = services.consent_record(
        actor="test", organization=org, **record_data(idempotency_key="k1")
    )
    assert created and not created_again and again.pk == first.pk


def test_the_database_refuses_to_change_or_delete_a_record(org, notice):
    record, _ = services.consent_record(actor="test", organization=org, **record_data())
    table = ConsentRecord._meta.db_table
    for sql in (
        f"UPDATE {table} SET method = 'sms' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [record.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentDecision.objects.filter(record=record).update(decision=Decision.WITHDRAWN)


def test_a_published_notice_is_frozen(org, notice):
    assert len(notice.content_hash) == 64
    with pytest.raises(IntegrityError), transaction.atomic():
        type(notice).objects.filter(pk=notice.pk).update(text_vi="Nội dung khác")
    with pytest.raises(ValidationError):
        services.notice_publish(actor="test", notice=notice)


def test_a_notice_is_flagged_when_the_register_changes(org, notice):
    assert services.notice_mismatches([notice]) == {}
    activity = notice.purposes.get(code="ads").activity
    activity.sensitive_data_types = ["location", "behaviour"]
    activity.save()
    flagged = services.notice_mismatches([type(notice).objects.get(pk=notice.pk)])
    assert [f["purpose"].code for f in flagged[notice.pk]] == ["ads"]


def test_a_consent_expired_by_law_is_recorded_and_can_be_given_again(org, notice):
    record, _ = services.consent_record(actor="test", organization=org, **record_data())
    expired = expiry.consent_expire(
        actor="test",
        organization=org,
        subject_key=record.subject_key,
        codes=["delivery"],
        reason="Hết thời hạn lưu trữ theo hợp đồng",
    )
    assert expired[0].evidence["description"].startswith("Hết")
    assert _state(org) == {"delivery": "expired", "ads": "refused"}
    # A second expiry finds nothing still given: nothing more is recorded.
    assert (
        expiry.consent_expire(
            actor="test",
            organization=org,
            subject_key=record.subject_key,
            codes=["delivery"],
            reason="again",
        )
        == []
    )
    services.consent_record(
        actor="test", organization=org, **record_data(decisions={"delivery": "given"})
    )
    assert _state(org)["delivery"] == "given"

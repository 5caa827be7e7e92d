"""Forms 01a, 01b, 02a, 02b, 03a, 03b, 09 and 10 in English: the same snapshot, read as a translation."""

import pytest
from django.urls import reverse

from dossiers import documents, services
from dossiers.catalogue import PROCESSING, TRANSFER
from tests.pdf_english import assert_english, assert_vietnamese, right_edge_overflow, save_pngs

from .conftest import answers_for, make_ready

pytestmark = pytest.mark.django_db

CHANGES = {"change_summary": "- Nội dung đánh giá › Tuân thủ: mới", "change_reason": "Đánh giá lại"}


def _snapshots(org, dpo) -> dict:
    """Return the snapshots of a transfer and a processing dossier of ``org``, by kind."""
    transfer = make_ready(org, dpo, TRANSFER)
    processing = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    services.dossier_save_answers(actor=dpo, dossier=processing, answers=answers_for(PROCESSING))
    return {
        d.kind: documents.build_snapshot(
            d, at=services.timezone.now(), document_number="12/TB", place="Hà Nội"
        )
        for d in (transfer, processing)
    }


def _individual(snapshot: dict) -> dict:
    return {
        **snapshot,
        "filer_kind": "individual",
        "notice_form": documents._notice_form(snapshot["kind"], "individual"),
    }


# (form, kind, individual, render, Vietnamese title, English title)
FORMS = [
    (
        "01a",
        TRANSFER,
        False,
        "notice",
        "GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN",
        "SUBMISSION OF THE CROSS-BORDER PERSONAL DATA TRANSFER IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "01b",
        TRANSFER,
        True,
        "notice",
        "GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN",
        "SUBMISSION OF THE CROSS-BORDER PERSONAL DATA TRANSFER IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "02a",
        PROCESSING,
        False,
        "notice",
        "GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "SUBMISSION OF THE PERSONAL DATA PROCESSING IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "02b",
        PROCESSING,
        True,
        "notice",
        "GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "SUBMISSION OF THE PERSONAL DATA PROCESSING IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "03a",
        PROCESSING,
        False,
        "update",
        "THAY ĐỔI NỘI DUNG HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "CHANGES TO THE PERSONAL DATA PROCESSING IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "03b",
        TRANSFER,
        True,
        "update",
        "THAY ĐỔI NỘI DUNG HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN XUYÊN BIÊN GIỚI",
        "CHANGES TO THE CROSS-BORDER PERSONAL DATA TRANSFER IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "09",
        TRANSFER,
        False,
        "report",
        "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN XUYÊN BIÊN GIỚI",
        "PART A. CROSS-BORDER PERSONAL DATA TRANSFER IMPACT ASSESSMENT DOSSIER",
    ),
    (
        "10",
        PROCESSING,
        False,
        "report",
        "ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "PART A. PERSONAL DATA PROCESSING IMPACT ASSESSMENT DOSSIER OF THE FILING PARTY",
    ),
]


def _render(snapshot: dict, how: str, language: str) -> bytes:
    if how == "notice":
        return documents.render_notice(snapshot, language=language)
    if how == "update":
        return documents.render_update(snapshot, **CHANGES, language=language)
    return documents.render_report(snapshot, language=language)


def test_every_dossier_form_renders_in_english_from_the_same_snapshot(org, dpo, at_now):
    snapshots = _snapshots(org, dpo)
    for form, kind, individual, how, vietnamese_title, english_title in FORMS:
        snapshot = _individual(snapshots[kind]) if individual else snapshots[kind]
        vietnamese = _render(snapshot, how, "vi")
        assert_vietnamese(vietnamese, f"Mẫu số {form}", vietnamese_title, org.name)
        english = _render(snapshot, how, "en")
        expected = [f"Form {form}", english_title, org.name]
        if how != "report":
            expected += ["SOCIALIST REPUBLIC OF VIETNAM", "To: The specialized agency"]
        assert_english(english, *expected)


def test_the_update_forms_no_longer_say_dossier_twice(org, dpo, at_now):
    snapshots = _snapshots(org, dpo)
    for kind in (PROCESSING, TRANSFER):
        for snapshot in (snapshots[kind], _individual(snapshots[kind])):
            text = assert_vietnamese(documents.render_update(snapshot, **CHANGES))
            assert "HỒ SƠ HỒ SƠ" not in text
            assert "THAY ĐỔI NỘI DUNG HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG" in text


def test_the_english_form10_translates_the_register_labels_and_keeps_what_was_typed(
    org, dpo, at_now, tmp_path
):
    snapshot = _snapshots(org, dpo)[PROCESSING]
    pdf = documents.render_report(snapshot, language="en")
    save_pngs(pdf, "form10-en")
    # The longer English headings of the checklists and Part B stay inside the right margin.
    assert right_edge_overflow(pdf, tmp_path) <= 0.5
    text = assert_english(pdf)
    # Data types frozen in Vietnamese in the snapshot are read in English...
    assert "Phone number" in text and "Số điện thoại" not in text
    # ...what the organisation typed stays as typed.
    assert "Quản lý khách hàng thành viên" in text
    assert "Chăm sóc khách hàng, tích điểm thành viên" in text


def test_the_organisation_and_the_regulator_download_the_english_forms(
    as_user, org, dpo, regulator, at_now
):
    dossier = make_ready(org, dpo, PROCESSING)
    services.dossier_submit(actor=dpo, dossier=dossier, signer_name="Trần Văn Minh")
    for user, ns in ((dpo, "dossiers"), (regulator, "dossiers_regulator")):
        client = as_user(user)
        page = client.get(reverse(f"{ns}:detail", args=[dossier.pk])).content.decode()
        for doc, form in (("notice", "02a"), ("report", "10")):
            url = reverse(f"{ns}:version_pdf", args=[dossier.pk, 1, doc])
            assert f'href="{url}?lang=en"' in page, url
            assert_vietnamese(client.get(url).content, f"Mẫu số {form}")
            english = client.get(url + "?lang=en")
            assert english["Content-Disposition"].endswith(
                f'mau-{form}-{dossier.reference}-v1-en.pdf"'
            )
            assert_english(english.content, f"Form {form}")
    # The API's downloads too: the organisation's and the agency's.
    for user, base in ((dpo, "/api/v1/dossiers/"), (regulator, "/api/v1/regulator/dossiers/")):
        api = f"{base}{dossier.pk}/versions/1/pdf/report/"
        client = as_user(user)
        assert_vietnamese(client.get(api).content, "Mẫu số 10")
        english = client.get(api + "?lang=en")
        assert english["Content-Disposition"].endswith(f'mau-10-{dossier.reference}-v1-en.pdf"')
        assert_english(english.content, "Form 10")
    preview = as_user(dpo).get(
        reverse("dossiers:preview", args=[dossier.pk, "notice"]) + "?lang=en"
    )
    assert_english(preview.content, "Form 02a", "DRAFT")

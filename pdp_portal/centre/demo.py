"""Demo privacy centres: every demo organisation publishes one (used by `manage.py seed_demo`)."""

from . import services

TEXTS = {
    "hoa-sen": {
        "introduction_vi": (
            "Hoa Sen bán hàng trực tuyến cho hơn một triệu khách hàng. Chúng tôi chỉ dùng dữ liệu "
            "của bạn để giao hàng, chăm sóc khách hàng và, khi bạn đồng ý, gửi ưu đãi. Trang này "
            "cho biết bạn có những quyền gì và cách thực hiện."
        ),
        "introduction_en": (
            "Hoa Sen sells online to more than one million customers. We use your data only to "
            "deliver orders, look after you and, with your consent, send you offers. This page "
            "explains your rights and how to exercise them."
        ),
        "contact_hours_vi": "Thứ Hai đến Thứ Sáu, 8:00-17:00 (trừ ngày lễ)",
        "contact_hours_en": "Monday to Friday, 8:00-17:00 (except public holidays)",
        "notes_vi": "Quầy tiếp nhận: tầng 1, số 12 Tràng Tiền, phường Hoàn Kiếm, Hà Nội.",
        "notes_en": "Reception desk: ground floor, 12 Trang Tien, Hoan Kiem ward, Hanoi.",
    },
    "song-hong": {
        "introduction_vi": (
            "Sông Hồng xử lý dữ liệu thay mặt các ngân hàng và công ty tài chính khách hàng của "
            "chúng tôi. Với dữ liệu chúng tôi xử lý cho khách hàng, hãy gửi yêu cầu tới khách hàng "
            "đó; với dữ liệu của chính chúng tôi (nhân viên, ứng viên, đối tác), hãy dùng trang này."
        ),
        "introduction_en": (
            "Song Hong processes data on behalf of the banks and finance companies it serves. For "
            "data we process for a client, send your request to that client; for our own data "
            "(staff, applicants, partners), use this page."
        ),
        "contact_hours_vi": "Thứ Hai đến Thứ Sáu, 8:30-17:30",
        "contact_hours_en": "Monday to Friday, 8:30-17:30",
        "notes_vi": "",
        "notes_en": "",
    },
}


def seed(ctx: dict) -> None:
    for organization in ctx["organizations"]:
        texts = TEXTS.get(organization.slug)
        if texts is None:
            continue
        dpo = organization.memberships.filter(role="dpo").select_related("user").first()
        actor = dpo.user if dpo else "demo"
        services.centre_draft_save(actor=actor, organization=organization, texts=texts)
        services.centre_publish(actor=actor, organization=organization)

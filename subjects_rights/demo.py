"""Demo requests in every state, one of them overdue (used by `manage.py seed_demo`)."""

import datetime as dt

from django.utils import timezone

from . import services
from .models import RightsRequest

SUBJECTS = [
    ("Trần Thị Bình", "binh.tran@example.vn", "customer"),
    ("Lê Văn Cường", "cuong.le@example.vn", "employee"),
    ("Phạm Thu Hà", "ha.pham@example.vn", "customer"),
    ("Nguyễn Minh Đức", "duc.nguyen@example.vn", "user"),
    ("Hoàng Thị Lan", "lan.hoang@example.vn", "applicant"),
    ("Vũ Quốc Huy", "huy.vu@example.vn", "former_employee"),
    ("Đặng Ngọc Mai", "mai.dang@example.vn", "customer"),
    ("Bùi Anh Tuấn", "tuan.bui@example.vn", "partner"),
]


def _enter(organization, dpo, people, request_type, received_at, channel):
    name, email, relationship = next(people)
    request, _token, _ = services.request_enter(
        actor=dpo,
        organization=organization,
        channel=channel,
        received_at=received_at,
        request_type=request_type,
        full_name=name,
        email=email,
        relationship=relationship,
        description="Yêu cầu mẫu (dữ liệu thử nghiệm).",
    )
    return request


def seed(ctx: dict) -> None:
    users = ctx["users"]
    now = timezone.now()
    for index, organization in enumerate(ctx["organizations"], start=1):
        dpo = users.get(f"dpo{index}")
        staff = users.get(f"staff{index}")
        if dpo is None:
            continue
        people = iter(SUBJECTS[(index - 1) * 2 :] + SUBJECTS)

        def new(request_type, days_ago, channel="counter", _o=organization, _d=dpo, _p=people):
            return _enter(
                _o, _d, _p, request_type, now - dt.timedelta(days=days_ago, hours=2), channel
            )

        # Unconfirmed: filed on the public form, e-mail not yet confirmed.
        services.request_submit(
            organization=organization,
            request_type="access",
            full_name="Khách Chưa Xác Nhận",
            email=f"chua.xac.nhan{index}@example.vn",
            description="Tôi muốn xem dữ liệu của tôi.",
            relationship="customer",
            idempotency_key=f"demo-{index}",
        )
        received = new("copy", 0, channel="post")
        services.request_assign(actor=dpo, request=received, assignee=staff or dpo)
        responded = new("erase", 3, channel="email")
        services.request_respond(
            actor=dpo, request=responded, body="Chúng tôi sẽ xóa dữ liệu của Quý vị."
        )
        services.request_extend(
            actor=dpo, request=responded, days=5, reason="Dữ liệu nằm trên nhiều hệ thống cũ."
        )
        services.request_third_party_add(
            actor=dpo,
            request=responded,
            party_kind="processor",
            party_name="Công ty TNHH Lưu trữ Đám mây Sao Mai",
            description="Xóa bản sao dữ liệu trên hệ thống lưu trữ.",
        )
        fulfilled = new("rectify", 6, channel="phone")
        services.request_respond(actor=dpo, request=fulfilled, body="Chúng tôi sẽ sửa địa chỉ.")
        services.request_fulfil(actor=dpo, request=fulfilled, note="Đã sửa địa chỉ liên hệ.")
        refused = new("object", 5)
        services.request_refuse(
            actor=dpo,
            request=refused,
            ground="law_19",
            detail="Dữ liệu được xử lý để thực hiện hợp đồng của Quý vị (Luật 91/2025 Điều 19).",
        )
        withdrawn = new("withdraw_consent", 2)
        services.request_withdraw(actor=services.SUBJECT, request=withdrawn)
        # Overdue: received weeks ago and still unanswered (the sweeper marks its clocks).
        overdue = new("protect", 25)
        services.request_assign(actor=dpo, request=overdue, assignee=staff or dpo)
    assert RightsRequest.objects.exists()

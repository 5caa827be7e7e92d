"""Demo breaches in several states (used by `manage.py seed_demo`)."""

import datetime as dt

from django.utils import timezone

from . import services

FULL = dict(
    location="Trung tâm dữ liệu Hòa Lạc, Hà Nội; kho lưu trữ đám mây của nhà cung cấp hạ tầng",
    acts="Kho lưu trữ tệp sao lưu bị cấu hình truy cập công khai; bên ngoài đã tải xuống tệp.",
    parties_involved="Công ty TNHH Lưu trữ Mây Xanh (nhà cung cấp hạ tầng); người truy cập chưa xác định",
    discovery_method="Cảnh báo của hệ thống giám sát an ninh mạng",
    consequences="Nguy cơ lừa đảo qua điện thoại và thư điện tử; lộ địa chỉ giao hàng của khách hàng.",
    measures_taken="Khóa truy cập công khai; thay toàn bộ khóa truy cập; lưu giữ nhật ký để điều tra.",
    measures_proposed="Kiểm toán độc lập cấu hình hạ tầng trong 30 ngày; đào tạo lại đội vận hành.",
    subject_guidance="Cảnh giác với cuộc gọi, tin nhắn tự xưng là nhân viên công ty; không cung cấp mã OTP.",
    severity="high",
)


def seed(ctx: dict) -> None:
    users = ctx["users"]
    orgs = {o.slug: o for o in ctx["organizations"]}
    hoa_sen, song_hong = orgs.get("hoa-sen"), orgs.get("song-hong")
    if hoa_sen is None or song_hong is None:
        return
    dpo1, staff1, dpo2 = users["dpo1"], users["staff1"], users["dpo2"]
    regulator = users["regulator"]
    now = timezone.now()

    # 1. Open, both 72-hour clocks running (harm to subjects; location data).
    services.breach_record(
        actor=staff1,
        organization=hoa_sen,
        summary="Lộ dữ liệu vị trí giao hàng qua API ứng dụng di động không kiểm tra quyền truy cập.",
        discovered_at=now - dt.timedelta(hours=30),
        basic_data_types=["name", "identifiers"],
        sensitive_data_types=["location"],
        subject_count=18_400,
        harms_data_subjects=True,
    )

    # 2. Notified within the 72 hours, acknowledged by the agency, then contained.
    notified = services.breach_record(
        actor=dpo1,
        organization=hoa_sen,
        summary="Lộ cơ sở dữ liệu khách hàng do cấu hình sai kho lưu trữ đám mây.",
        discovered_at=now - dt.timedelta(days=2, hours=4),
        basic_data_types=["name", "address", "identifiers"],
        subject_count=45_000,
        harms_data_subjects=True,
        occurred_from=now - dt.timedelta(days=3),
        record_count=120_000,
        **FULL,
    )
    services.breach_submit(actor=dpo1, breach=notified, signer_name="Nguyễn Thị Lan")
    services.breach_acknowledge(
        actor=regulator, breach=notified, message="Đã tiếp nhận thông báo; đề nghị báo cáo tiến độ."
    )
    services.breach_contain(actor=dpo1, breach=notified)

    # 3. Overdue: discovered four days ago, never notified.
    services.breach_record(
        actor=staff1,
        organization=hoa_sen,
        summary="Nhân viên gửi nhầm danh sách khách hàng kèm số điện thoại cho đối tác quảng cáo.",
        discovered_at=now - dt.timedelta(days=4),
        basic_data_types=["name", "identifiers"],
        subject_count=2_300,
        harms_data_subjects=True,
    )

    # 4. Agency asked for more; the organisation supplemented; remediated and closed.
    closed = services.breach_record(
        actor=dpo1,
        organization=hoa_sen,
        summary="Tấn công dò mật khẩu vào tài khoản khách hàng trên cổng thương mại điện tử.",
        discovered_at=now - dt.timedelta(days=9),
        basic_data_types=["name", "digital_account"],
        subject_count=640,
        record_count=640,
        harms_data_subjects=True,
        **{**FULL, "severity": "medium"},
    )
    services.breach_submit(
        actor=dpo1,
        breach=closed,
        late_reason="Chưa xác định được phạm vi ảnh hưởng trong 72 giờ đầu.",
    )
    request = services.breach_request_info(
        actor=regulator,
        breach=closed,
        message="Đề nghị cung cấp nhật ký truy cập và danh sách tài khoản bị ảnh hưởng.",
    )
    services.breach_submit(
        actor=dpo1,
        breach=closed,
        note="Bổ sung nhật ký truy cập và danh sách 640 tài khoản; đã buộc đổi mật khẩu.",
        answers_request=request,
    )
    services.breach_review_close(actor=regulator, breach=closed, message="Kết thúc xem xét.")
    services.breach_contain(actor=dpo1, breach=closed)
    services.breach_remediate(actor=dpo1, breach=closed)
    services.breach_close(actor=dpo1, breach=closed)

    # 5. A processor in finance: tells its controller; the record names the controller.
    processor = services.breach_record(
        actor=dpo2,
        organization=song_hong,
        summary="Máy chủ xử lý hồ sơ tín dụng thuê ngoài bị mã độc mã hóa dữ liệu.",
        discovered_at=now - dt.timedelta(hours=6),
        basic_data_types=["name", "identifiers"],
        sensitive_data_types=["financial"],
        subject_count=3_100,
        acting_role="processor",
        controller_name="Ngân hàng TMCP Phương Nam (bên kiểm soát dữ liệu)",
    )
    services.breach_controller_notified(
        actor=dpo2, breach=processor, at=now - dt.timedelta(hours=5)
    )

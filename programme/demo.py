"""Demo compliance programme (used by `manage.py seed_demo`): for each demo organisation, some
obligations met with their evidence, the AI register, contracts, protection staff, training."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pdp_portal.organizations.demo import demo_upload

from . import services
from .catalogue import CATALOGUE
from .models import ObligationState


def _meet(org, actor, code: str, name: str, description: str) -> None:
    """Attach the evidence the obligation asks for, then mark it done."""
    state = ObligationState.objects.filter(organization=org, code=code, applies=True).first()
    if state is None or state.status == ObligationState.Status.DONE:
        return
    services.evidence_add(
        actor=actor,
        state=state,
        upload=demo_upload(name),
        kind=CATALOGUE[code].evidence[0],
        description=description,
    )
    services.obligation_set_status(actor=actor, state=state, status=ObligationState.Status.DONE)


def _hoa_sen(org, dpo, staff) -> None:
    today = timezone.localdate()
    services.profile_update(actor=dpo, organization=org, advertising=True, has_employees=True)
    customers = org.processing_activities.filter(name="Quản lý tài khoản khách hàng").first()
    entry = services.high_risk_entry_add(
        actor=dpo,
        organization=org,
        name="Hệ thống gợi ý dựa trên hành vi mua sắm",
        source="Danh mục nội bộ của DPO, chờ danh mục của Chính phủ",
    )
    services.ai_system_save(
        actor=dpo,
        organization=org,
        activities=[customers] if customers else [],
        name="Gợi ý sản phẩm",
        purpose="Gợi ý sản phẩm theo lịch sử mua hàng và hành vi duyệt web",
        identifies_people=True,
        explanation_vi=(
            "Hệ thống so sánh lịch sử mua hàng của bạn với khách hàng có thói quen tương tự để gợi "
            "ý sản phẩm. Bạn vẫn xem được mọi sản phẩm nếu từ chối."
        ),
        explanation_en=(
            "The system compares your purchase history with customers of similar habits to "
            "suggest products. You still see every product if you opt out."
        ),
        supervision="Nhóm dữ liệu rà soát mô hình hằng tháng; DPO duyệt mọi thay đổi mục đích.",
        risk_class="high",
        high_risk_entry=entry,
        assessed_on=today - dt.timedelta(days=30),
    )
    services.ai_system_save(
        actor=staff,
        organization=org,
        name="Chatbot chăm sóc khách hàng",
        purpose="Trả lời câu hỏi về đơn hàng",
        explanation_vi="Chatbot đọc câu hỏi và trạng thái đơn hàng để trả lời tự động.",
        explanation_en="The chatbot reads the question and the order status to answer.",
        risk_class="low",
    )
    logistics = org.dossier_recipients.filter(name="Công ty CP Giao vận Nhanh").first()
    services.contract_save(
        actor=dpo,
        organization=org,
        upload=demo_upload("hop-dong-giao-van.pdf"),
        clauses={"12.2.a": "3", "12.2.b": "4", "12.2.c": "5", "12.2.dd": "7", "12.2.e": "8"},
        kind="processor",
        party="Công ty CP Giao vận Nhanh",
        reference="HĐ-07/2026, 10/01/2026",
        recipient=logistics,
        renewal_on=today + dt.timedelta(days=300),
    )
    services.contract_save(
        actor=dpo,
        organization=org,
        upload=demo_upload("hop-dong-dam-may.pdf"),
        clauses={"12.2.a": "2", "12.2.c": "6", "12.2.g": "9"},
        kind="cloud",
        party="Cloud Harbor Pte. Ltd.",
        reference="DPA-2026-01",
        recipient=org.dossier_recipients.filter(name="Cloud Harbor Pte. Ltd.").first(),
    )
    services.designation_add(
        actor=dpo,
        organization=org,
        upload=demo_upload("quyet-dinh-chi-dinh.pdf"),
        decided_on=today - dt.timedelta(days=60),
        reference="15/QĐ-HS",
    )
    services.person_add(
        actor=dpo,
        organization=org,
        upload=demo_upload("thoa-thuan-bao-mat.pdf"),
        full_name="Nguyễn Thị Lan",
        position="Trưởng bộ phận pháp chế",
        email="lan.nguyen@hoasen.example.vn",
        phone="024 3825 1234",
        degree_level="master",
        degree_field="Luật kinh tế",
        graduated_on=dt.date(2012, 6, 30),
        experience_field="legal",
        experience_since=dt.date(2013, 1, 2),
        training="Khóa bảo vệ dữ liệu cá nhân, A05, 11/2025",
    )
    # Still lacking (shown on the page): two years of experience, the Art. 13(5) agreement.
    services.person_add(
        actor=dpo,
        organization=org,
        full_name="Trần Minh Quân",
        position="Chuyên viên an ninh thông tin",
        degree_level="bachelor",
        graduated_on=today - dt.timedelta(days=400),
        experience_field="cybersecurity",
        experience_since=today - dt.timedelta(days=380),
        training="Nhập môn Luật Bảo vệ dữ liệu cá nhân (nội bộ)",
    )
    services.training_add(
        actor=dpo,
        organization=org,
        held_on=today - dt.timedelta(days=20),
        title="Luật 91/2025 và Nghị định 356/2025 cho bộ phận chăm sóc khách hàng",
        attendees=[dpo, staff],
        upload=demo_upload("tai-lieu-dao-tao.pdf"),
    )
    for code, name, description in (
        ("protection.designation", "quyet-dinh-chi-dinh.pdf", "Quyết định 15/QĐ-HS"),
        ("protection.confidentiality", "thoa-thuan-bao-mat.pdf", "Thỏa thuận bảo mật đã ký"),
        ("protection.training", "danh-sach-dao-tao.pdf", "Danh sách tham dự đào tạo"),
        ("transfer.agreement", "hop-dong-giao-van.pdf", "Thỏa thuận chuyển giao HĐ-07/2026"),
        ("workforce.recruitment", "quy-che-tuyen-dung.pdf", "Quy chế tuyển dụng 2026"),
    ):
        _meet(org, dpo, code, name, description)
    state = ObligationState.objects.filter(organization=org, code="ai.assessment").first()
    if state is not None:
        services.obligation_set_owner(actor=dpo, state=state, owner=staff)


def _song_hong(org, dpo) -> None:
    today = timezone.localdate()
    activity = org.processing_activities.first()
    services.ai_system_save(
        actor=dpo,
        organization=org,
        activities=[activity] if activity else [],
        name="Mô hình chấm điểm tín dụng",
        purpose="Chấm điểm tín dụng thay mặt ngân hàng (bên kiểm soát)",
        identifies_people=True,
        explanation_vi="Mô hình dùng lịch sử trả nợ do ngân hàng cung cấp để ước lượng rủi ro.",
        explanation_en="The model uses the repayment history the bank provides to estimate risk.",
        risk_class="medium",
        assessed_on=today - dt.timedelta(days=90),
    )
    services.training_add(
        actor=dpo,
        organization=org,
        held_on=today - dt.timedelta(days=10),
        title="Bảo vệ dữ liệu trong chấm điểm tín dụng",
        attendees=[dpo],
    )
    _meet(org, dpo, "finance.logs", "nhat-ky-xu-ly.pdf", "Nhật ký xử lý quý I")


def seed(ctx: dict) -> None:
    users = ctx.get("users") or {}
    orgs = {o.slug: o for o in ctx.get("organizations", [])}
    if not users:
        return
    # Every demo organisation starts with its obligations in line with its profile and register.
    for org in orgs.values():
        services.programme_sync(organization=org)
    if "hoa-sen" in orgs and {"dpo1", "staff1"} <= set(users):
        _hoa_sen(orgs["hoa-sen"], users["dpo1"], users["staff1"])
    if "song-hong" in orgs and "dpo2" in users:
        _song_hong(orgs["song-hong"], users["dpo2"])

"""Which obligations apply to an organisation: Decree 356 Art. 41 relief and the dossier exemptions."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.calendars import format_date, vn_date
from pdp_portal.clock.counting import compute, parse_start
from pdp_portal.clock.rules import LARGE_SCALE_SUBJECTS, LAW_EFFECTIVE_DATE, get_rule

from .models import Organization, ProcessingRole, SizeClass
from .templatetags.portal_format import grouped

RELIEF_RULE = "relief.small_enterprise"


def small_enterprise_relief_last_day() -> date:
    """Return the last day of the small and start-up enterprises' choice, as the clock counts it.

    Law 91/2025 Art. 38(2); Decree 356 Art. 41(1): 05 years from the Law's entry into force
    (clock rule relief.small_enterprise, counted from LAW_EFFECTIVE_DATE, that day included).
    """
    return vn_date(compute(RELIEF_RULE, parse_start(LAW_EFFECTIVE_DATE)).due_at)


@dataclass(frozen=True)
class Finding:
    topic: str
    applies: bool
    optional: bool
    reason: str
    basis: str
    # The last day a relief lasts, for this organisation (None: no relief that ends).
    ends_on: date | None = None


def _relief(org: Organization, today: date) -> tuple[str | None, list[str]]:
    """Return ('exempt' | 'optional' | None, reasons the relief is lost)."""
    lost = []
    if org.provides_processing_services:
        lost.append(str(_("cung cấp dịch vụ xử lý dữ liệu cá nhân")))
    if org.processes_sensitive_data:
        lost.append(str(_("trực tiếp xử lý dữ liệu cá nhân nhạy cảm")))
    if org.data_subject_count >= LARGE_SCALE_SUBJECTS:
        lost.append(
            str(_("đã xử lý dữ liệu của từ %(count)s chủ thể trở lên"))
            % {"count": grouped(LARGE_SCALE_SUBJECTS)}
        )
    if org.size_class in (SizeClass.HOUSEHOLD, SizeClass.MICRO):
        return "exempt", lost
    if (
        org.size_class in (SizeClass.SMALL, SizeClass.STARTUP)
        and today <= small_enterprise_relief_last_day()
    ):
        return "optional", lost
    return None, lost


def applicability(org: Organization, *, today: date | None = None) -> list[Finding]:
    """Return the findings shown on the organisation page, each with its legal basis."""
    findings: list[Finding] = []
    relief, lost = _relief(org, today or timezone.localdate())
    relief_rule = get_rule(RELIEF_RULE)
    relief_end = small_enterprise_relief_last_day() if relief == "optional" else None
    relief_words = {
        "period": relief_rule.period_text,
        "start": format_date(date.fromisoformat(LAW_EFFECTIVE_DATE)),
        "end": format_date(relief_end) if relief_end else "",
    }
    relief_basis = str(_("Luật 91/2025 Điều 38(2)-(3); Nghị định 356/2025 Điều 41"))
    controller_roles = {ProcessingRole.CONTROLLER, ProcessingRole.CONTROLLER_PROCESSOR}
    is_controller = bool(controller_roles & set(org.roles))

    # Processing impact dossier (Law Art. 21) and its updates (Law Art. 22).
    if org.is_state_agency:
        findings.append(
            Finding(
                "processing_dossier",
                False,
                False,
                str(
                    _(
                        "Cơ quan nhà nước có thẩm quyền không phải đánh giá tác động xử lý dữ liệu cá nhân."
                    )
                ),
                str(_("Luật 91/2025 Điều 21(6)")),
            )
        )
    elif relief and not lost:
        findings.append(
            Finding(
                "processing_dossier",
                relief == "optional",
                relief == "optional",
                str(
                    _(
                        "Hộ kinh doanh, doanh nghiệp siêu nhỏ không phải lập hồ sơ đánh giá tác động và cập nhật hồ sơ."
                    )
                )
                if relief == "exempt"
                else str(
                    _(
                        "Doanh nghiệp nhỏ, khởi nghiệp sáng tạo được lựa chọn thực hiện hoặc không trong %(period)s kể từ %(start)s (đến hết ngày %(end)s)."
                    )
                )
                % relief_words,
                relief_basis,
                ends_on=relief_end,
            )
        )
    else:
        reason = str(
            _(
                "Phải lập hồ sơ đánh giá tác động xử lý dữ liệu cá nhân trong %(period)s kể từ ngày bắt đầu xử lý."
            )
        ) % {"period": get_rule("dossier.file").period_text}
        if relief and lost:
            reason += " " + str(_("Không được miễn/giảm vì: %(why)s.")) % {"why": "; ".join(lost)}
        if not is_controller:
            reason += " " + str(
                _(
                    "Bên xử lý lập hồ sơ theo thỏa thuận với bên kiểm soát (Luật 91/2025 Điều 21(3))."
                )
            )
        findings.append(
            Finding(
                "processing_dossier",
                True,
                False,
                reason,
                str(_("Luật 91/2025 Điều 21, 22; Nghị định 356/2025 Điều 19, 20")),
            )
        )

    # Cross-border transfer dossier (Law Art. 20): Art. 41 relief does not cover it.
    if org.is_state_agency:
        findings.append(
            Finding(
                "transfer_dossier",
                False,
                False,
                str(
                    _(
                        "Cơ quan nhà nước có thẩm quyền không phải đánh giá tác động chuyển dữ liệu ra nước ngoài."
                    )
                ),
                str(_("Luật 91/2025 Điều 20(6)(a)")),
            )
        )
    else:
        findings.append(
            Finding(
                "transfer_dossier",
                True,
                False,
                str(
                    _(
                        "Khi chuyển dữ liệu cá nhân ra nước ngoài: lập hồ sơ trong %(period)s kể từ lần chuyển đầu tiên; "
                        "không cần nếu chỉ lưu dữ liệu của người lao động của chính tổ chức trên dịch vụ điện toán đám mây."
                    )
                )
                % {"period": get_rule("dossier.file").period_text},
                str(_("Luật 91/2025 Điều 20(2), 20(6)(b); Nghị định 356/2025 Điều 18")),
            )
        )

    # Designating a protection unit or staff, or hiring a service (Law Art. 33(2)).
    if relief and not lost:
        findings.append(
            Finding(
                "protection_staff",
                relief == "optional",
                relief == "optional",
                str(_("Không bắt buộc chỉ định bộ phận, nhân sự bảo vệ dữ liệu cá nhân."))
                if relief == "exempt"
                else str(
                    _(
                        "Được lựa chọn chỉ định hoặc không bộ phận, nhân sự bảo vệ dữ liệu cá nhân trong %(period)s kể từ %(start)s (đến hết ngày %(end)s)."
                    )
                )
                % relief_words,
                relief_basis,
                ends_on=relief_end,
            )
        )
    else:
        findings.append(
            Finding(
                "protection_staff",
                True,
                False,
                str(
                    _(
                        "Phải chỉ định bộ phận, nhân sự đủ điều kiện bảo vệ dữ liệu cá nhân hoặc thuê tổ chức, cá nhân cung cấp dịch vụ."
                    )
                ),
                str(_("Luật 91/2025 Điều 33(2); Nghị định 356/2025 Điều 13-16")),
            )
        )
    return findings


TOPIC_LABELS = {
    "processing_dossier": _("Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân"),
    "transfer_dossier": _("Hồ sơ đánh giá tác động chuyển dữ liệu cá nhân ra nước ngoài"),
    "protection_staff": _("Bộ phận, nhân sự bảo vệ dữ liệu cá nhân"),
}

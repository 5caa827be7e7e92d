"""The rule catalogue: every statutory period of the portal, the only place its numbers live."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from pdp_portal.workflow import FieldError

# Units a period can be counted in (Civil Code 2015 Art. 147-148; "working days" as the Decree says).
HOURS = "hours"
DAYS = "days"
MONTHS = "months"
YEARS = "years"
WORKING_DAYS = "working_days"
UNITS = (HOURS, DAYS, MONTHS, YEARS, WORKING_DAYS)

# Who must act: the organisation (controller, processor, ...) or the specialized agency.
ORGANIZATION = "organization"
AGENCY = "agency"

# Calendar names, as in clock.models.Calendar.
STATUTORY = "statutory"
PUBLIC_SECTOR = "public_sector"
CALENDARS = (STATUTORY, PUBLIC_SECTOR)

UNIT_LABELS = {
    HOURS: _("giờ"),
    DAYS: _("ngày"),
    MONTHS: _("tháng"),
    YEARS: _("năm"),
    WORKING_DAYS: _("ngày làm việc"),
}
PARTY_LABELS = {ORGANIZATION: _("Tổ chức"), AGENCY: _("Cơ quan chuyên trách")}


class ClockError(FieldError):
    """A clock question that cannot be answered; the message is translated and shown as is."""


@dataclass(frozen=True)
class Rule:
    """One statutory period: how long, in what unit, who acts, on which calendar, and why."""

    code: str
    period: int
    unit: str
    party: str
    basis_vi: str
    basis_en: str
    # Decree 356 Art. 5(2)-(5): one extension at most this many days; None: no extension.
    max_extension_days: int | None = None
    # False for a retention period ("keep at least until"): nobody has to act by its end, so
    # the sweeper sends no reminders and never marks it overdue.
    reminds: bool = True
    # The message key (Vietnamese msgid) of the label of a clock opened for this rule, with
    # %(name)s placeholders the caller fills through label_params; rendered in the reader's
    # language (Deadline.label).
    label: str = ""
    # "Within N years from the day the Law takes effect": that day is part of the period (the
    # relief runs on it), unlike an event whose own day Civil Code 2015 Art. 147 does not count.
    counts_first_day: bool = False
    # Civil Code 2015 Art. 148(2) moves the last day of a period for doing something to the
    # next working day; a relief or a threshold has nothing to do on that day, so it does not move.
    moves: bool = True

    @property
    def default_calendar(self) -> str:
        """Return the calendar the rule counts on unless told otherwise (DESIGN section 2)."""
        return PUBLIC_SECTOR if self.party == AGENCY else STATUTORY

    @property
    def basis(self) -> str:
        """Return the legal basis in the active language (Vietnamese unless English is active)."""
        language = get_language() or "vi"
        return self.basis_en if language.startswith("en") else self.basis_vi

    @property
    def extendable(self) -> bool:
        return self.max_extension_days is not None

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    @property
    def party_label(self) -> str:
        return str(PARTY_LABELS[self.party])

    @property
    def period_text(self) -> str:
        """Return the period in words of the active language ("15 ngày", "5 working days")."""
        return f"{self.period} {self.unit_label}"


# Decree 356 Art. 5(2)-(5): the one response period the Decree sets for the rights it details.
_RIGHTS_RESPOND_WORKING_DAYS = 2

_CATALOGUE = [
    # Decree 356 Art. 5(2)-(5): respond within 02 working days to every data-subject request.
    Rule(
        "rights.respond",
        _RIGHTS_RESPOND_WORKING_DAYS,
        WORKING_DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 2-5",
        "Decree 356/2025 Art. 5(2)-(5)",
        label=gettext_noop("%(ref)s: phản hồi yêu cầu"),
    ),
    # Law 91/2025 Art. 4(1)(a) (to be informed) and (đ) (to complain): Law Art. 4(5) requires the
    # controller to act on every right of Art. 4(1) promptly, within the period the law sets, and
    # leaves the detail to the Government; Decree 356 Art. 5(2)-(5) details the other rights, each
    # with the same response period of 02 working days, and sets no period for these two (nor
    # any period to carry them out). The portal holds the organisation to that response period,
    # as a reading of Law Art. 4(5) shown as such on screen; no fulfilment clock runs.
    Rule(
        "rights.other.respond",
        _RIGHTS_RESPOND_WORKING_DAYS,
        WORKING_DAYS,
        ORGANIZATION,
        "Luật 91/2025 Điều 4 khoản 5 (thời hạn phản hồi của Nghị định 356/2025 Điều 5 khoản 2-5 "
        "áp dụng tương tự)",
        "Law 91/2025 Art. 4(5) (the response period of Decree 356/2025 Art. 5(2)-(5) applied "
        "by analogy)",
        label=gettext_noop("%(ref)s: phản hồi yêu cầu"),
    ),
    # Decree 356 Art. 5(2): withdraw consent, restrict, object: carry out within 15 days;
    # one extension of at most 15 days.
    Rule(
        "rights.cease.fulfil",
        15,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 2",
        "Decree 356/2025 Art. 5(2)",
        max_extension_days=15,
        label=gettext_noop("%(ref)s: thực hiện yêu cầu"),
    ),
    # Decree 356 Art. 5(2): a processor or third party must stop processing: 20 days.
    Rule(
        "rights.cease.third_party",
        20,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 2 (bên xử lý, bên thứ ba)",
        "Decree 356/2025 Art. 5(2) (processor, third party)",
        label=gettext_noop("%(ref)s: bên xử lý, bên thứ ba thực hiện"),
    ),
    # Decree 356 Art. 5(3): access, rectify, obtain a copy: 10 days; one extension of at most
    # 10 days.
    Rule(
        "rights.access.fulfil",
        10,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 3",
        "Decree 356/2025 Art. 5(3)",
        max_extension_days=10,
        label=gettext_noop("%(ref)s: thực hiện yêu cầu"),
    ),
    # Decree 356 Art. 5(3): a processor or third party must rectify: 15 days.
    Rule(
        "rights.access.third_party",
        15,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 3 (bên xử lý, bên thứ ba)",
        "Decree 356/2025 Art. 5(3) (processor, third party)",
        label=gettext_noop("%(ref)s: bên xử lý, bên thứ ba thực hiện"),
    ),
    # Decree 356 Art. 5(4): erase: 20 days; one extension of at most 20 days.
    Rule(
        "rights.erase.fulfil",
        20,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 4",
        "Decree 356/2025 Art. 5(4)",
        max_extension_days=20,
        label=gettext_noop("%(ref)s: thực hiện yêu cầu"),
    ),
    # Decree 356 Art. 5(4): a processor or third party must provide, erase, restrict: 30 days.
    Rule(
        "rights.erase.third_party",
        30,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 4 (bên xử lý, bên thứ ba)",
        "Decree 356/2025 Art. 5(4) (processor, third party)",
        label=gettext_noop("%(ref)s: bên xử lý, bên thứ ba thực hiện"),
    ),
    # Decree 356 Art. 5(5): protection measures: 15 days; one extension of at most 15 days.
    Rule(
        "rights.protect.fulfil",
        15,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 5 khoản 5",
        "Decree 356/2025 Art. 5(5)",
        max_extension_days=15,
        label=gettext_noop("%(ref)s: thực hiện yêu cầu"),
    ),
    # Law 91/2025 Art. 23(1): notify the specialized agency no later than 72 hours from discovery;
    # Decree 356 Art. 28 (content, Form 08); Art. 8(3): sensitive data in finance, banking and
    # credit information must also be notified to the agency within 72 hours.
    Rule(
        "breach.notify_agency",
        72,
        HOURS,
        ORGANIZATION,
        "Luật 91/2025 Điều 23 khoản 1; Nghị định 356/2025 Điều 8 khoản 3, Điều 28 (Mẫu số 08)",
        "Law 91/2025 Art. 23(1); Decree 356/2025 Art. 8(3), Art. 28 (Form 08)",
        label=gettext_noop("Thông báo vi phạm %(ref)s cho cơ quan chuyên trách"),
    ),
    # Decree 356 Art. 29(1)(a): location or biometric data: notify data subjects within 72 hours;
    # Art. 8(3): sensitive data in finance, banking, credit information: 72 hours.
    Rule(
        "breach.notify_subjects",
        72,
        HOURS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 29 khoản 1 điểm a; Điều 8 khoản 3",
        "Decree 356/2025 Art. 29(1)(a); Art. 8(3)",
        label=gettext_noop("Thông báo vi phạm %(ref)s cho chủ thể dữ liệu"),
    ),
    # Decree 356 Art. 29(1)(c): keep the breach record at least 5 years from full remediation.
    Rule(
        "breach.keep_record",
        5,
        YEARS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 29 khoản 1 điểm c",
        "Decree 356/2025 Art. 29(1)(c)",
        reminds=False,
        label=gettext_noop("Lưu hồ sơ vi phạm %(ref)s"),
    ),
    # Decree 356 Art. 18(4), 19(4): file the impact dossier within 60 days from the first transfer
    # abroad / the start of processing.
    Rule(
        "dossier.file",
        60,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 18 khoản 4, Điều 19 khoản 4",
        "Decree 356/2025 Art. 18(4), 19(4)",
        label=gettext_noop("Nộp hồ sơ %(ref)s cho cơ quan chuyên trách"),
    ),
    # Decree 356 Art. 18(5), 19(5): the agency assesses and answers within 15 days.
    Rule(
        "dossier.review",
        15,
        DAYS,
        AGENCY,
        "Nghị định 356/2025 Điều 18 khoản 5, Điều 19 khoản 5",
        "Decree 356/2025 Art. 18(5), 19(5)",
        label=gettext_noop("Cơ quan chuyên trách đánh giá hồ sơ %(ref)s (phiên bản %(v)s)"),
    ),
    # Decree 356 Art. 18(6), 19(6): complete the dossier within 30 days of the agency's request.
    Rule(
        "dossier.complete",
        30,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 18 khoản 6, Điều 19 khoản 6",
        "Decree 356/2025 Art. 18(6), 19(6)",
        label=gettext_noop("Hoàn thiện hồ sơ %(ref)s theo yêu cầu"),
    ),
    # Decree 356 Art. 20(1): periodic update every 6 months from the first submission.
    Rule(
        "dossier.update.periodic",
        6,
        MONTHS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 20 khoản 1",
        "Decree 356/2025 Art. 20(1)",
        label=gettext_noop("Cập nhật định kỳ hồ sơ %(ref)s"),
    ),
    # Decree 356 Art. 20(2): immediate update within 10 days of the change.
    Rule(
        "dossier.update.immediate",
        10,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 20 khoản 2",
        "Decree 356/2025 Art. 20(2)",
        label=gettext_noop("Cập nhật ngay hồ sơ %(ref)s"),
    ),
    # Decree 356 Art. 25(3): the agency checks the certificate application within 10 days.
    Rule(
        "certificate.check",
        10,
        DAYS,
        AGENCY,
        "Nghị định 356/2025 Điều 25 khoản 3",
        "Decree 356/2025 Art. 25(3)",
        label=gettext_noop("Kiểm tra hồ sơ đề nghị cấp giấy chứng nhận %(ref)s"),
    ),
    # Decree 356 Art. 25(3): supplement an incomplete application within 15 days.
    Rule(
        "certificate.supplement",
        15,
        DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 25 khoản 3",
        "Decree 356/2025 Art. 25(3)",
        label=gettext_noop("Bổ sung, hoàn thiện hồ sơ %(ref)s"),
    ),
    # Decree 356 Art. 25(4): decide within 30 days from a complete, valid application.
    Rule(
        "certificate.decide",
        30,
        DAYS,
        AGENCY,
        "Nghị định 356/2025 Điều 25 khoản 4",
        "Decree 356/2025 Art. 25(4)",
        label=gettext_noop("Thẩm định, quyết định cấp giấy chứng nhận %(ref)s"),
    ),
    # Decree 356 Art. 26(1)(b): reissue a lost or damaged certificate within 05 working days.
    Rule(
        "certificate.reissue",
        5,
        WORKING_DAYS,
        AGENCY,
        "Nghị định 356/2025 Điều 26 khoản 1 điểm b",
        "Decree 356/2025 Art. 26(1)(b)",
        label=gettext_noop("Cấp lại giấy chứng nhận %(n)s"),
    ),
    # Decree 356 Art. 26(2)(b): replace a certificate with wrong or changed content within 05
    # working days of a complete application.
    Rule(
        "certificate.replace",
        5,
        WORKING_DAYS,
        AGENCY,
        "Nghị định 356/2025 Điều 26 khoản 2 điểm b",
        "Decree 356/2025 Art. 26(2)(b)",
        label=gettext_noop("Cấp đổi giấy chứng nhận %(n)s"),
    ),
    # Decree 356 Art. 27(3): return a revoked certificate within 05 working days of receiving
    # the decision.
    Rule(
        "certificate.return",
        5,
        WORKING_DAYS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 27 khoản 3",
        "Decree 356/2025 Art. 27(3)",
        label=gettext_noop("Nộp lại giấy chứng nhận %(n)s đã bị thu hồi"),
    ),
    # Decree 356 Art. 27(1)(b): not providing the service for 12 months or more is a ground for
    # the agency to revoke the certificate. A threshold the agency is shown, not a clock to meet.
    Rule(
        "certificate.revoke.idle",
        12,
        MONTHS,
        AGENCY,
        "Nghị định 356/2025 Điều 27 khoản 1 điểm b",
        "Decree 356/2025 Art. 27(1)(b)",
        reminds=False,
        moves=False,
    ),
    # The yearly compliance assessments of the programme (programme app): "at least once a year",
    # counted from the day the obligation began to apply, then from the last assessment.
    # Decree 356 Art. 8(1): finance, banking and credit information activities.
    Rule(
        "programme.assess.finance",
        1,
        YEARS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 8 khoản 1",
        "Decree 356/2025 Art. 8(1)",
        label=gettext_noop("Đánh giá tuân thủ hằng năm: tài chính, ngân hàng, thông tin tín dụng"),
    ),
    # Decree 356 Art. 10(5)(dd): artificial intelligence systems and the metaverse.
    Rule(
        "programme.assess.ai",
        1,
        YEARS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 10 khoản 5 điểm đ",
        "Decree 356/2025 Art. 10(5)(dd)",
        label=gettext_noop("Đánh giá tuân thủ hằng năm: trí tuệ nhân tạo, vũ trụ ảo"),
    ),
    # Decree 356 Art. 11(2)(c): blockchain technology.
    Rule(
        "programme.assess.blockchain",
        1,
        YEARS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 11 khoản 2 điểm c",
        "Decree 356/2025 Art. 11(2)(c)",
        label=gettext_noop("Đánh giá tuân thủ hằng năm: công nghệ chuỗi khối"),
    ),
    # Decree 356 Art. 12(3)(d): cloud computing service providers.
    Rule(
        "programme.assess.cloud",
        1,
        YEARS,
        ORGANIZATION,
        "Nghị định 356/2025 Điều 12 khoản 3 điểm d",
        "Decree 356/2025 Art. 12(3)(d)",
        label=gettext_noop("Đánh giá tuân thủ hằng năm: nhà cung cấp dịch vụ điện toán đám mây"),
    ),
    # Law 91/2025 Art. 38(2); Decree 356 Art. 41(1): small and start-up enterprises may choose not
    # to apply Law Art. 21, 22 and 33(2) for 05 years from the Law's entry into force (unless they
    # provide processing services, process sensitive data directly or reach 100,000 subjects).
    Rule(
        "relief.small_enterprise",
        5,
        YEARS,
        ORGANIZATION,
        "Luật 91/2025 Điều 38 khoản 2; Nghị định 356/2025 Điều 41 khoản 1",
        "Law 91/2025 Art. 38(2); Decree 356/2025 Art. 41(1)",
        reminds=False,
        counts_first_day=True,
        moves=False,
    ),
]

# Decree 356 Art. 31(4): the agency notifies the organisation to be inspected 15 days in advance
# of the time, the contents and the team of the inspection (an unscheduled inspection, to verify,
# detect or stop a violation at once, may start without notice). Counted forward from the notice:
# the inspection may start on the last day of this period at the earliest. A waiting period, not a
# thing to do by its end: no reminders, and its last day does not move.
_CATALOGUE.append(
    Rule(
        "inspection.notice",
        15,
        DAYS,
        AGENCY,
        "Nghị định 356/2025 Điều 31 khoản 4",
        "Decree 356/2025 Art. 31(4)",
        reminds=False,
        moves=False,
        label=gettext_noop(
            "Thời gian báo trước cuộc kiểm tra %(ref)s (kiểm tra bắt đầu sớm nhất vào ngày cuối)"
        ),
    )
)

# Decree 356 Art. 31(3), (5); Law 91/2025 Art. 35: the inspection team sets in its findings the
# period within which the organisation remedies each shortcoming. The Decree fixes no number: the
# team picks one of these periods, each a rule of its own, so that every period the portal counts
# is in this catalogue (and a clock recounted after a calendar change keeps its period).
REMEDIATION_PERIODS = (7, 15, 30, 60, 90)
for _days in REMEDIATION_PERIODS:
    _CATALOGUE.append(
        Rule(
            f"inspection.remediate.{_days}",
            _days,
            DAYS,
            ORGANIZATION,
            "Nghị định 356/2025 Điều 31 khoản 3, 5 (thời hạn do đoàn kiểm tra ấn định)",
            "Decree 356/2025 Art. 31(3), (5) (period set by the inspection team)",
            label=gettext_noop("Khắc phục theo kết luận kiểm tra %(ref)s: %(item)s"),
        )
    )


def remediation_rule(days: int) -> str:
    """Return the code of the remediation rule of ``days`` days, or raise ClockError."""
    code = f"inspection.remediate.{days}"
    if code not in RULES:
        raise ClockError(
            _("Thời hạn khắc phục phải là một trong các mức: %(periods)s ngày.")
            % {"periods": ", ".join(str(d) for d in REMEDIATION_PERIODS)},
            field="period_days",
        )
    return code


RULES: dict[str, Rule] = {rule.code: rule for rule in _CATALOGUE}


def get_rule(code: str) -> Rule:
    """Return the rule with this code, or raise ClockError naming the unknown code."""
    try:
        return RULES[code]
    except KeyError:
        raise ClockError(
            _("Không có quy tắc thời hạn “%(code)s”.") % {"code": code}, field="rule"
        ) from None


# Law 91/2025 Art. 38(1): the Law (and Decree 356 Art. 42(1), the Decree) take effect on this day;
# the start of the relief.small_enterprise period.
LAW_EFFECTIVE_DATE = "2026-01-01"

# Decree 356 Art. 41(1)-(2): "a large number of data subjects" is 100,000 or more, cumulatively.
LARGE_SCALE_SUBJECTS = 100_000

# Law 91/2025 Art. 24(2) with the Law on Children 2016 Art. 1: a child (under 16) acts through
# the legal representative; from 7 the child's own agreement is needed too where Art. 24(2) says so.
CHILD_AGE_LIMIT = 16
CHILD_OWN_CONSENT_AGE = 7

"""Violations of personal data protection rules (Law 91/2025 Art. 23; Decree 356 Art. 8(3), 28, 29)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdp_portal.filings.models import (
    FiledObject,
    ReviewEventBase,
    SubmittedVersion,
    UploadedEnclosure,
)
from pdp_portal.organizations.models import ProcessingRole
from pdp_portal.workflow import InvalidTransition  # noqa: F401 - refusals as every app's


class BasicDataType(models.TextChoices):
    # Decree 356 Art. 3: basic personal data, clause by clause.
    NAME = "name", _("Họ, chữ đệm và tên, tên gọi khác")
    BIRTH_DEATH = "birth_death", _("Ngày sinh; ngày chết hoặc mất tích")
    GENDER = "gender", _("Giới tính")
    ADDRESS = "address", _("Nơi sinh, nơi thường trú, tạm trú, nơi ở, quê quán, địa chỉ liên hệ")
    NATIONALITY = "nationality", _("Quốc tịch")
    IMAGE = "image", _("Hình ảnh của cá nhân")
    IDENTIFIERS = (
        "identifiers",
        _("Số điện thoại, số định danh, hộ chiếu, giấy phép lái xe, biển số xe"),
    )
    MARITAL = "marital", _("Tình trạng hôn nhân")
    FAMILY = "family", _("Mối quan hệ gia đình")
    DIGITAL_ACCOUNT = "digital_account", _("Tài khoản số của cá nhân")
    OTHER_BASIC = "other_basic", _("Thông tin khác xác định một con người cụ thể")


class SensitiveDataType(models.TextChoices):
    # Decree 356 Art. 4(1): sensitive personal data, point by point.
    ORIGIN = "origin", _("Nguồn gốc chủng tộc, dân tộc")
    BELIEFS = "beliefs", _("Quan điểm chính trị, tôn giáo, tín ngưỡng")
    PRIVATE_LIFE = "private_life", _("Đời sống riêng tư, bí mật cá nhân, gia đình")
    HEALTH = "health", _("Tình trạng sức khỏe")
    BIOMETRIC = "biometric", _("Dữ liệu sinh trắc học, đặc điểm di truyền")
    SEX_LIFE = "sex_life", _("Đời sống tình dục, xu hướng tình dục")
    CRIMINAL = "criminal", _("Tội phạm, vi phạm pháp luật (cơ quan thực thi pháp luật)")
    LOCATION = "location", _("Vị trí xác định qua dịch vụ định vị")
    EID_CREDENTIALS = (
        "eid_credentials",
        _("Tài khoản định danh điện tử; ảnh thẻ căn cước, chứng minh nhân dân"),
    )
    FINANCIAL = "financial", _("Tài khoản ngân hàng, thẻ, giao dịch, thông tin tài chính, tín dụng")
    BEHAVIOUR = "behaviour", _("Theo dõi hành vi trên không gian mạng")
    OTHER_SENSITIVE = "other_sensitive", _("Dữ liệu khác pháp luật yêu cầu giữ bí mật")


# Decree 356 Art. 4(1) points per code, for the form and the screens.
SENSITIVE_POINTS = {
    "origin": "a",
    "beliefs": "b",
    "private_life": "c",
    "health": "d",
    "biometric": "đ",
    "sex_life": "e",
    "criminal": "g",
    "location": "h",
    "eid_credentials": "i",
    "financial": "k",
    "behaviour": "l",
    "other_sensitive": "m",
}


class Severity(models.TextChoices):
    # Decree 356 Art. 29(2)(c): the notice states how serious the violation is.
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")
    CRITICAL = "critical", _("Nghiêm trọng")


class Breach(FiledObject):
    """A violation of the personal data protection rules, as the organisation records it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Mới ghi nhận")
        NOTIFIED = "notified", _("Đã thông báo")
        CONTAINED = "contained", _("Đã ngăn chặn")
        REMEDIATED = "remediated", _("Đã khắc phục xong")
        CLOSED = "closed", _("Đã đóng")

    class Review(models.TextChoices):
        # The specialized agency's handling of the notification (Law 91/2025 Art. 23(4)).
        NONE = "", _("Chưa nộp")
        RECEIVED = "received", _("Đã nhận, chờ xem xét")
        ACKNOWLEDGED = "acknowledged", _("Cơ quan chuyên trách đã xác nhận")
        INFO_REQUESTED = "info_requested", _("Cơ quan chuyên trách yêu cầu bổ sung")
        SUPPLEMENTED = "supplemented", _("Đã bổ sung, chờ xem xét")
        CLOSED = "closed", _("Cơ quan chuyên trách đã kết thúc")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="breaches"
    )
    reference = models.CharField(_("số hiệu"), max_length=30)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The short first form: what, when discovered, what data, how many people.
    summary = models.TextField(_("vụ việc"), max_length=2000)
    discovered_at = models.DateTimeField(_("thời điểm phát hiện"))
    discovery_method = models.CharField(_("hình thức phát hiện"), max_length=500, blank=True)
    # Decree 356 Art. 28(1)(a): time, place, acts, organisations and people, data types, volume.
    occurred_from = models.DateTimeField(_("thời gian xảy ra (từ)"), null=True, blank=True)
    occurred_until = models.DateTimeField(_("thời gian xảy ra (đến)"), null=True, blank=True)
    location = models.CharField(_("địa điểm"), max_length=500, blank=True)
    acts = models.TextField(_("hành vi vi phạm"), blank=True)
    parties_involved = models.TextField(_("tổ chức, cá nhân liên quan"), blank=True)
    basic_data_types = models.JSONField(_("dữ liệu cá nhân cơ bản"), default=list, blank=True)
    sensitive_data_types = models.JSONField(_("dữ liệu cá nhân nhạy cảm"), default=list, blank=True)
    data_description = models.TextField(_("mô tả dữ liệu liên quan"), blank=True)
    record_count = models.PositiveBigIntegerField(_("số bản ghi"), null=True, blank=True)
    subject_count = models.PositiveBigIntegerField(_("số chủ thể dữ liệu"), null=True, blank=True)
    # Decree 356 Art. 28(1)(c)-(d).
    consequences = models.TextField(_("hậu quả, thiệt hại có thể xảy ra"), blank=True)
    measures_taken = models.TextField(_("biện pháp đã áp dụng"), blank=True)
    measures_proposed = models.TextField(_("biện pháp dự kiến"), blank=True)
    # Decree 356 Art. 29(2)(c), (đ).
    severity = models.CharField(
        _("mức độ nghiêm trọng"), max_length=10, choices=Severity, default=Severity.MEDIUM
    )
    subject_guidance = models.TextField(_("hướng dẫn chủ thể dữ liệu phòng ngừa"), blank=True)
    # Law 91/2025 Art. 23(1): the harm that makes the 72-hour notice to the agency compulsory.
    harms_public_interest = models.BooleanField(
        _("có thể gây tổn hại đến quốc phòng, an ninh quốc gia, trật tự, an toàn xã hội"),
        default=False,
    )
    harms_data_subjects = models.BooleanField(
        _("xâm phạm tính mạng, sức khỏe, danh dự, nhân phẩm, tài sản của chủ thể dữ liệu"),
        default=False,
    )
    # The organisation's role in the processing the violation concerns (Law 91/2025 Art. 23(1)).
    acting_role = models.CharField(_("vai trò của tổ chức"), max_length=30, choices=ProcessingRole)
    controller_name = models.CharField(
        _("bên kiểm soát dữ liệu được thông báo"), max_length=300, blank=True
    )
    controller_contact = models.CharField(
        _("liên hệ của bên kiểm soát"), max_length=300, blank=True
    )
    controller_notified_at = models.DateTimeField(
        _("thời điểm đã thông báo bên kiểm soát"), null=True, blank=True
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status, default=Status.OPEN)
    review_status = models.CharField(
        _("xem xét của cơ quan chuyên trách"),
        max_length=16,
        choices=Review,
        default=Review.NONE,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("nộp lần đầu"), null=True, blank=True)
    contained_at = models.DateTimeField(_("đã ngăn chặn lúc"), null=True, blank=True)
    remediated_at = models.DateTimeField(_("khắc phục xong lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    # Copied from the breach.keep_record deadline (Decree 356 Art. 29(1)(c)); never computed here.
    retain_until = models.DateTimeField(_("lưu hồ sơ đến"), null=True, blank=True)
    public_notice_text = models.TextField(_("nội dung thông báo công khai"), blank=True)
    public_notice_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vi phạm")
        verbose_name_plural = _("vi phạm")
        ordering = ["-discovered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "notified", "contained", "remediated", "closed"]),
                name="breach_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    review_status__in=[
                        "",
                        "received",
                        "acknowledged",
                        "info_requested",
                        "supplemented",
                        "closed",
                    ]
                ),
                name="breach_review_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["low", "medium", "high", "critical"]),
                name="breach_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    acting_role__in=[
                        "controller",
                        "controller_processor",
                        "processor",
                        "third_party",
                    ]
                ),
                name="breach_acting_role_valid",
            ),
            # Never a draft in the regulator's inbox: a review status only once submitted.
            models.CheckConstraint(
                condition=Q(review_status="") | Q(submitted_at__isnull=False),
                name="breach_review_needs_submission",
            ),
            models.UniqueConstraint(fields=["organization", "reference"], name="breach_reference"),
        ]
        indexes = [
            models.Index(
                fields=["submitted_at"],
                condition=Q(submitted_at__isnull=False),
                name="breach_submitted",
            ),
            models.Index(fields=["organization", "status"], name="breach_org_status"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.summary[:60]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("breaches:detail", args=[self.pk])

    @property
    def involves_location(self) -> bool:
        return SensitiveDataType.LOCATION in self.sensitive_data_types

    @property
    def involves_biometric(self) -> bool:
        return SensitiveDataType.BIOMETRIC in self.sensitive_data_types

    @property
    def finance_sensitive(self) -> bool:
        # Decree 356 Art. 8(3): sensitive data exposed or lost by a finance, banking or credit
        # information organisation.
        return "finance" in (self.organization.sectors or []) and bool(self.sensitive_data_types)

    def basic_data_labels(self) -> list[str]:
        labels = dict(BasicDataType.choices)
        return [str(labels.get(code, code)) for code in self.basic_data_types]

    def sensitive_data_labels(self) -> list[str]:
        labels = dict(SensitiveDataType.choices)
        # Outside the f-string, where makemessages finds it: "point" of Decree 356 Art. 4(1).
        point = _("điểm")
        return [
            f"{labels.get(code, code)} ({point} {SENSITIVE_POINTS.get(code, '?')})"
            for code in self.sensitive_data_types
        ]

    def affected_kind_label(self) -> str:
        """Return Decree 356 Art. 29(2)(b): location, biometric or both."""
        if self.involves_location and self.involves_biometric:
            return str(_("Dữ liệu vị trí và dữ liệu sinh trắc học"))
        if self.involves_location:
            return str(_("Dữ liệu vị trí"))
        if self.involves_biometric:
            return str(_("Dữ liệu sinh trắc học"))
        return ""


# The moves a breach may make; "notified" is reached by submitting the initial notification.
TRANSITIONS: dict[str, set[str]] = {
    Breach.Status.OPEN: {Breach.Status.NOTIFIED, Breach.Status.CONTAINED},
    Breach.Status.NOTIFIED: {Breach.Status.CONTAINED},
    Breach.Status.CONTAINED: {Breach.Status.REMEDIATED},
    Breach.Status.REMEDIATED: {Breach.Status.CLOSED},
    Breach.Status.CLOSED: set(),
}

# The agency's review moves (Law 91/2025 Art. 23(4): it receives and handles notifications).
REVIEW_TRANSITIONS: dict[str, set[str]] = {
    Breach.Review.NONE: {Breach.Review.RECEIVED},
    Breach.Review.RECEIVED: {
        Breach.Review.ACKNOWLEDGED,
        Breach.Review.INFO_REQUESTED,
        Breach.Review.CLOSED,
    },
    Breach.Review.ACKNOWLEDGED: {Breach.Review.INFO_REQUESTED, Breach.Review.CLOSED},
    Breach.Review.INFO_REQUESTED: {Breach.Review.SUPPLEMENTED, Breach.Review.CLOSED},
    Breach.Review.SUPPLEMENTED: {
        Breach.Review.ACKNOWLEDGED,
        Breach.Review.INFO_REQUESTED,
        Breach.Review.CLOSED,
    },
    Breach.Review.CLOSED: set(),
}

EDITABLE_STATUSES = {
    Breach.Status.OPEN,
    Breach.Status.NOTIFIED,
    Breach.Status.CONTAINED,
    Breach.Status.REMEDIATED,
}

# Fields the complete form (and the API) may change (Decree 356 Art. 28(1) content and the flags).
UPDATABLE_FIELDS = (
    "summary",
    "discovered_at",
    "discovery_method",
    "occurred_from",
    "occurred_until",
    "location",
    "acts",
    "parties_involved",
    "basic_data_types",
    "sensitive_data_types",
    "data_description",
    "record_count",
    "subject_count",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "severity",
    "subject_guidance",
    "harms_public_interest",
    "harms_data_subjects",
    "acting_role",
    "controller_name",
    "controller_contact",
)


@dataclass(frozen=True)
class Duty:
    """One obligation the flags of a breach trigger, with the clock that runs for it (if any)."""

    code: str
    rule: str | None
    reason: str
    basis: str


NOTIFY_AGENCY = "breach.notify_agency"
NOTIFY_SUBJECTS = "breach.notify_subjects"
KEEP_RECORD = "breach.keep_record"
CLOCK_RULES = (NOTIFY_AGENCY, NOTIFY_SUBJECTS)


def duties(breach: Breach) -> list[Duty]:
    """Return the obligations and clocks that the role and flags of ``breach`` trigger, with why."""
    role = breach.acting_role
    result: list[Duty] = []
    if role == ProcessingRole.PROCESSOR:
        # Law 91/2025 Art. 23(1), second sentence: a processor tells its controller at once;
        # the notice to the agency is the controller's.
        result.append(
            Duty(
                "notify_controller",
                None,
                str(
                    _(
                        "Tổ chức là bên xử lý dữ liệu: phải thông báo kịp thời cho bên kiểm soát "
                        "dữ liệu cá nhân (ghi rõ tên bên kiểm soát)."
                    )
                ),
                str(_("Luật 91/2025 Điều 23 khoản 1")),
            )
        )
        return result
    harm = breach.harms_public_interest or breach.harms_data_subjects
    if harm:
        result.append(
            Duty(
                "notify_agency",
                NOTIFY_AGENCY,
                str(
                    _(
                        "Vi phạm có thể gây tổn hại đến quốc phòng, an ninh, trật tự hoặc xâm phạm "
                        "tính mạng, sức khỏe, danh dự, nhân phẩm, tài sản của chủ thể dữ liệu: "
                        "thông báo cơ quan chuyên trách theo Mẫu số 08."
                    )
                ),
                str(_("Luật 91/2025 Điều 23 khoản 1; Nghị định 356/2025 Điều 28")),
            )
        )
    if breach.finance_sensitive:
        if not harm:
            result.append(
                Duty(
                    "notify_agency",
                    NOTIFY_AGENCY,
                    str(
                        _(
                            "Lộ, mất dữ liệu nhạy cảm trong lĩnh vực tài chính, ngân hàng, thông "
                            "tin tín dụng: thông báo cơ quan chuyên trách."
                        )
                    ),
                    str(_("Nghị định 356/2025 Điều 8 khoản 3")),
                )
            )
        result.append(
            Duty(
                "notify_subjects",
                NOTIFY_SUBJECTS,
                str(
                    _(
                        "Lộ, mất dữ liệu nhạy cảm trong lĩnh vực tài chính, ngân hàng, thông tin "
                        "tín dụng: thông báo chủ thể dữ liệu."
                    )
                ),
                str(_("Nghị định 356/2025 Điều 8 khoản 3")),
            )
        )
    locbio = breach.involves_location or breach.involves_biometric
    if locbio and role in (ProcessingRole.CONTROLLER, ProcessingRole.CONTROLLER_PROCESSOR):
        if not any(d.code == "notify_subjects" for d in result):
            result.append(
                Duty(
                    "notify_subjects",
                    NOTIFY_SUBJECTS,
                    str(
                        _(
                            "Vi phạm liên quan đến dữ liệu vị trí hoặc sinh trắc học: thông báo chủ "
                            "thể dữ liệu bị ảnh hưởng với các nội dung của Điều 29 khoản 2."
                        )
                    ),
                    str(_("Nghị định 356/2025 Điều 29 khoản 1 điểm a")),
                )
            )
        if not any(d.code == "notify_agency" for d in result):
            # Decree 29(1)(b) requires the report but sets no period of its own.
            result.append(
                Duty(
                    "report_agency",
                    None,
                    str(
                        _(
                            "Vi phạm liên quan đến dữ liệu vị trí hoặc sinh trắc học: báo cáo cơ "
                            "quan nhà nước có thẩm quyền theo Điều 28 (Mẫu số 08)."
                        )
                    ),
                    str(_("Nghị định 356/2025 Điều 29 khoản 1 điểm b")),
                )
            )
    return result


def required_rules(breach: Breach) -> set[str]:
    """Return the clock rules that must run for ``breach``."""
    return {d.rule for d in duties(breach) if d.rule}


class BreachSubmission(SubmittedVersion):
    """One version of the notification sent to the agency (Form 08): initial or supplement.

    Its number (``version``), time, sender, Form 08 content (``snapshot``) and PDF come from the
    filings core: the version never changes afterwards.
    """

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Thông báo lần đầu")
        SUPPLEMENT = "supplement", _("Thông báo bổ sung")

    filed_field = "breach"

    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind)
    document_number = models.CharField(_("số văn bản"), max_length=60)
    place = models.CharField(_("địa danh"), max_length=100)
    within_deadline = models.BooleanField(_("trong thời hạn 72 giờ"), null=True)
    late_reason = models.TextField(_("lý do chậm thông báo"), blank=True)
    note = models.TextField(_("nội dung bổ sung / ghi chú"), blank=True)
    answers_request = models.ForeignKey(
        "BreachReviewEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )

    class Meta:
        verbose_name = _("thông báo vi phạm đã nộp")
        verbose_name_plural = _("thông báo vi phạm đã nộp")
        ordering = ["breach", "version"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "version"], name="submission_version"),
            models.CheckConstraint(
                condition=Q(kind__in=["initial", "supplement"]), name="submission_kind_valid"
            ),
            # One initial notification per breach; the rest are supplements.
            models.UniqueConstraint(
                fields=["breach"], condition=Q(kind="initial"), name="one_initial_submission"
            ),
        ]


class BreachReviewEvent(ReviewEventBase):
    """What the agency did with a notification: acknowledged, asked for more, closed."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Xác nhận đã nhận")
        REQUEST_INFO = "request_info", _("Yêu cầu bổ sung thông tin")
        CLOSE = "close", _("Kết thúc xem xét")

    filed_field = "breach"

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="review_events")
    kind = models.CharField(_("hành động"), max_length=14, choices=Kind)
    message = models.TextField(_("nội dung"), blank=True)

    class Meta(ReviewEventBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["acknowledge", "request_info", "close"]),
                name="review_event_kind_valid",
            ),
        ]


class SubjectNotice(models.Model):
    """A notice to affected data subjects with the content of Decree 356 Art. 29(2)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SENT = "sent", _("Đã gửi")

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="subject_notices")
    # Decree 356 Art. 29(2)(a)-(e), frozen in the notice as sent.
    detected = models.TextField(_("thời điểm và hình thức phát hiện vi phạm"))
    data_affected = models.TextField(_("loại dữ liệu bị ảnh hưởng"))
    severity_and_risks = models.TextField(_("mức độ nghiêm trọng và rủi ro có thể xảy ra"))
    measures = models.TextField(_("biện pháp đã, đang và sẽ thực hiện"))
    guidance = models.TextField(_("hướng dẫn chủ thể dữ liệu phòng ngừa"))
    contact = models.TextField(_("thông tin liên hệ"))
    status = models.CharField(max_length=8, choices=Status, default=Status.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "sent"]), name="subject_notice_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.breach_id}:notice:{self.pk}"


class NoticeRecipient(models.Model):
    """One affected person on a notice's list (from the CSV upload)."""

    notice = models.ForeignKey(SubjectNotice, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "email"], name="one_recipient_per_notice")
        ]

    def __str__(self):
        return self.email


def _attachment_path(instance, filename: str) -> str:
    # Random stored names: the uploader's file name is kept in the row, never on disk.
    return f"breaches/{instance.breach.organization_id}/{uuid.uuid4().hex}"


class BreachAttachment(UploadedEnclosure):
    """A document enclosed with the notification (Form 08 section 3)."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    # The SHA-256 of the file as uploaded (also in the audit event of the upload): the file is
    # served only while it still matches. Empty only for a file that was missing when the hash
    # was first computed for attachments uploaded before it was recorded.
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pk"]

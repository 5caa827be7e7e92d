"""Certificates of eligibility for personal data processing services (Decree 356 Art. 21-27).

An organisation applies with Form 04 (Art. 25(1)); the specialized agency checks completeness
(Art. 25(3)), asks for supplements, decides (Art. 25(4)) and issues Form 05; a certificate is
reissued or replaced on a Form 06 request (Art. 26) and revoked by a Form 07 decision (Art. 27).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from pdp_portal.filings.models import (
    FiledObject,
    ReviewEventBase,
    SubmittedVersion,
    UploadedEnclosure,
)
from pdp_portal.messages import msg, render_message

# The Art. 13(2) vocabulary lives with the organisations (the own protection staff uses it too);
# re-exported here for this app's code and migrations.
from pdp_portal.organizations.qualifications import (  # noqa: F401
    MIN_EXPERIENCE_YEARS,
    DegreeLevel,
    ExperienceField,
    QualifiedPerson,
)
from pdp_portal.workflow import InvalidTransition  # noqa: F401 - refusals as every app's

# Decree 356 Art. 22(2)(c): at least three staff who meet the conditions of Art. 13(2).
MIN_QUALIFIED_STAFF = 3


class Service(models.TextChoices):
    # Decree 356 Art. 21: the nine personal data processing services, clause by clause.
    OPERATE_SYSTEMS = (
        "operate_systems",
        _(
            "Cung cấp và vận hành hệ thống, phần mềm tự động để thay mặt bên kiểm soát, bên kiểm soát "
            "và xử lý tiến hành xử lý dữ liệu cá nhân"
        ),
    )
    CREDIT_SCORING = (
        "credit_scoring",
        _("Chấm điểm, xếp hạng, đánh giá mức độ tín nhiệm của chủ thể dữ liệu cá nhân"),
    )
    ONLINE_COLLECTION = (
        "online_collection",
        _(
            "Thu thập, xử lý dữ liệu cá nhân trực tuyến từ trang web, ứng dụng, phần mềm và mạng xã hội"
        ),
    )
    HEALTH_APPS = (
        "health_apps",
        _(
            "Thu thập, xử lý dữ liệu cá nhân qua trang web, ứng dụng, phần mềm chăm sóc sức khỏe, "
            "theo dõi sức khỏe, dịch vụ y tế"
        ),
    )
    EDUCATION_MONITORING = (
        "education_monitoring",
        _(
            "Thu thập, xử lý dữ liệu cá nhân qua ứng dụng, phần mềm giáo dục có yếu tố giám sát như "
            "điểm danh, ghi hình, chấm điểm hành vi, nhận diện cảm xúc"
        ),
    )
    ANALYTICS = "analytics", _("Phân tích và khai thác dữ liệu cá nhân")
    ENCRYPTION = "encryption", _("Mã hóa dữ liệu cá nhân trong quá trình truyền tải và lưu trữ")
    AUTOMATED_ADVANCED = (
        "automated_advanced",
        _(
            "Xử lý dữ liệu cá nhân tự động dựa trên công nghệ dữ liệu lớn, trí tuệ nhân tạo, chuỗi "
            "khối, vũ trụ ảo"
        ),
    )
    LOCATION_PLATFORM = "location_platform", _("Nền tảng ứng dụng cung cấp dữ liệu vị trí cá nhân")


# Decree 356 Art. 21: the clause of each service, shown next to it.
SERVICE_CLAUSES = {code: str(i) for i, code in enumerate(Service.values, start=1)}


class RevocationGround(models.TextChoices):
    # Decree 356 Art. 27(1), point by point. Point (a) refers to "khoản 1, khoản 2 Điều 26" as
    # written in the Decree (the conditions are those of Art. 22); rendered as written.
    CONDITIONS = (
        "conditions",
        _("Không bảo đảm một trong các điều kiện tại khoản 1, khoản 2 Điều 26 Nghị định này"),
    )
    INACTIVE = "inactive", _("Không kinh doanh dịch vụ từ 12 tháng trở lên")
    DISSOLVED = "dissolved", _("Bị giải thể hoặc phá sản theo quy định của pháp luật")
    UNREMEDIED = (
        "unremedied",
        _(
            "Không khắc phục vi phạm về bảo vệ dữ liệu cá nhân, an toàn thông tin, an ninh mạng, an "
            "ninh dữ liệu theo yêu cầu của cơ quan nhà nước có thẩm quyền"
        ),
    )
    REQUESTED = "requested", _("Chủ động đề nghị xin đình chỉ hoặc chấm dứt hoạt động")


REVOCATION_POINTS = {
    "conditions": "a",
    "inactive": "b",
    "dissolved": "c",
    "unremedied": "d",
    "requested": "đ",
}
# The letter "đ" of Vietnamese point lists (a, b, c, d, đ, e, ...) is written "dd" in English.
POINT_DD = gettext_noop("đ")


def point_label(letter: str) -> str:
    """Return the letter of a point of a Vietnamese article as the active language writes it."""
    return gettext(POINT_DD) if letter == POINT_DD else letter


def point_param(letter: str):
    """Return the letter of a point as a message parameter, read in the reader's language."""
    return msg(POINT_DD) if letter == POINT_DD else letter


# Decree 356 Art. 25(2): the contents of the scheme, point by point.
SCHEME_POINTS: list[tuple[str, str]] = [
    ("a", _("Sự cần thiết, mục tiêu")),
    ("b", _("Nội dung, lĩnh vực đề nghị phê duyệt")),
    ("c", _("Ngành nghề, lĩnh vực kinh doanh, phương án kinh doanh")),
    ("d", _("Quy mô hoạt động xử lý dữ liệu cá nhân dự kiến")),
    ("đ", _("Khung quản trị rủi ro về bảo vệ dữ liệu cá nhân")),
    ("e", _("Kế hoạch đánh giá hiện trạng tuân thủ và mức độ tín nhiệm định kỳ")),
    (
        "g",
        _(
            "Việc áp dụng tiêu chuẩn, quy chuẩn liên quan đến an ninh dữ liệu, bảo vệ dữ liệu cá nhân"
        ),
    ),
    ("h", _("Phương án sử dụng dịch vụ về định danh và xác thực điện tử")),
    ("i", _("Trách nhiệm và quyền hạn của tổ chức trong xử lý dữ liệu cá nhân")),
    ("k", _("Nhân sự đủ điều kiện theo quy định")),
]


class Application(FiledObject):
    """An application for a certificate (Form 04) with its Art. 22 declarations and scheme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp, chờ kiểm tra hồ sơ")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Cơ quan chuyên trách yêu cầu bổ sung")
        UNDER_REVIEW = "under_review", _("Hồ sơ đầy đủ, đang thẩm định")
        GRANTED = "granted", _("Đã cấp giấy chứng nhận")
        REFUSED = "refused", _("Không cấp")
        WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="cert_applications"
    )
    reference = models.CharField(_("số hiệu"), max_length=30)
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status, default=Status.DRAFT)
    # Form 04 section 1: what the organisation record does not hold.
    document_number = models.CharField(_("số đơn"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    transaction_office = models.CharField(_("địa chỉ trụ sở giao dịch"), max_length=500, blank=True)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    legal_representative = models.CharField(
        _("người đại diện theo pháp luật"), max_length=200, blank=True
    )
    legal_representative_contact = models.CharField(
        _("địa chỉ liên hệ của người đại diện theo pháp luật"), max_length=500, blank=True
    )
    signer_name = models.CharField(_("người ký đơn"), max_length=200, blank=True)
    # Decree 356 Art. 22(2)(a): the head in charge of processing is a Vietnamese citizen
    # permanently residing in Vietnam.
    head_name = models.CharField(
        _("người đứng đầu phụ trách chuyên môn về xử lý dữ liệu cá nhân"),
        max_length=200,
        blank=True,
    )
    head_is_vietnamese_citizen = models.BooleanField(_("là công dân Việt Nam"), default=False)
    head_resides_in_vietnam = models.BooleanField(_("thường trú tại Việt Nam"), default=False)
    # Decree 356 Art. 22(2)(b), 22(3), 22(4).
    management_qualified = models.BooleanField(
        _("đội ngũ quản lý, điều hành đáp ứng yêu cầu chuyên môn xử lý dữ liệu cá nhân"),
        default=False,
    )
    infrastructure_adequate = models.BooleanField(
        _("hạ tầng, trang thiết bị, cơ sở vật chất và công nghệ phù hợp với dịch vụ"), default=False
    )
    impact_dossier_satisfactory = models.BooleanField(
        _("hồ sơ đánh giá tác động xử lý dữ liệu cá nhân đạt yêu cầu"), default=False
    )
    transfers_abroad = models.BooleanField(
        _("có chuyển dữ liệu cá nhân xuyên biên giới"), default=False
    )
    transfer_dossier_satisfactory = models.BooleanField(
        _("hồ sơ đánh giá tác động chuyển dữ liệu cá nhân xuyên biên giới đạt yêu cầu"),
        default=False,
    )
    # Decree 356 Art. 25(1)(e): no registration certificate when the agency reads it from the
    # national database.
    registration_in_national_database = models.BooleanField(
        _(
            "cơ quan nhà nước khai thác được Giấy chứng nhận đăng ký doanh nghiệp trên cơ sở dữ liệu"
        ),
        default=False,
    )
    # Decree 356 Art. 25(2)(a)-(k): a summary of each point of the scheme, keyed by its letter.
    scheme_points = models.JSONField(_("nội dung đề án"), default=dict, blank=True)
    # Form 04 section 4.
    commitment = models.BooleanField(_("cam kết"), default=False)
    submitted_at = models.DateTimeField(_("nộp lần đầu"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("nộp lần gần nhất"), null=True, blank=True)
    completed_at = models.DateTimeField(_("xác nhận hồ sơ đầy đủ"), null=True, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_reason = models.TextField(_("lý do không cấp"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị cấp giấy chứng nhận")
        verbose_name_plural = _("hồ sơ đề nghị cấp giấy chứng nhận")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "supplement_requested",
                        "under_review",
                        "granted",
                        "refused",
                        "withdrawn",
                    ]
                ),
                name="cert_application_status_valid",
            ),
            # Never a draft before the agency: every other status comes after a submission.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="cert_application_submitted",
            ),
            models.UniqueConstraint(
                fields=["organization", "reference"], name="cert_application_reference"
            ),
        ]
        indexes = [
            models.Index(
                fields=["submitted_at"],
                condition=Q(submitted_at__isnull=False),
                name="cert_application_submitted_ix",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("certification:application", args=[self.pk])

    @property
    def editable(self) -> bool:
        # The organisation edits a draft, and a submitted dossier only when asked to supplement it.
        return self.status in (self.Status.DRAFT, self.Status.SUPPLEMENT_REQUESTED)


# The moves an application may make (Decree 356 Art. 25(3)-(4)).
TRANSITIONS: dict[str, set[str]] = {
    Application.Status.DRAFT: {Application.Status.SUBMITTED, Application.Status.WITHDRAWN},
    Application.Status.SUBMITTED: {
        Application.Status.SUPPLEMENT_REQUESTED,
        Application.Status.UNDER_REVIEW,
        Application.Status.REFUSED,
        Application.Status.WITHDRAWN,
    },
    Application.Status.SUPPLEMENT_REQUESTED: {
        Application.Status.SUBMITTED,
        Application.Status.REFUSED,
        Application.Status.WITHDRAWN,
    },
    Application.Status.UNDER_REVIEW: {
        Application.Status.GRANTED,
        Application.Status.REFUSED,
        Application.Status.WITHDRAWN,
    },
    Application.Status.GRANTED: set(),
    Application.Status.REFUSED: set(),
    Application.Status.WITHDRAWN: set(),
}


class ApplicationService(models.Model):
    """One service of Decree 356 Art. 21 applied for, with its scope (Form 04 section 2)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("dịch vụ"), max_length=30, choices=Service)
    scope = models.CharField(_("phạm vi, lĩnh vực cung cấp"), max_length=500)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "service"], name="cert_service_once"),
            models.CheckConstraint(
                condition=Q(service__in=Service.values), name="cert_service_valid"
            ),
        ]

    def __str__(self):
        return self.get_service_display()

    @property
    def clause(self) -> str:
        return SERVICE_CLAUSES.get(self.service, "?")


class QualifiedStaff(QualifiedPerson):
    """A staff member put forward under Decree 356 Art. 22(2)(c), checked against Art. 13(2)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(degree_level__in=DegreeLevel.values), name="cert_staff_degree_valid"
            ),
            models.CheckConstraint(
                condition=Q(experience_field__in=ExperienceField.values),
                name="cert_staff_field_valid",
            ),
        ]


class ChangeRequest(models.Model):
    """A request for reissue (lost, damaged) or replacement (changed content): Form 06."""

    class Kind(models.TextChoices):
        # Decree 356 Art. 26(1): reissue of a lost or damaged paper certificate.
        REISSUE = "reissue", _("Cấp lại (mất, hỏng bản giấy)")
        # Decree 356 Art. 26(2): replacement for wrong or changed information.
        REPLACE = "replace", _("Cấp đổi (sai thông tin, thay đổi nội dung)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
        GRANTED = "granted", _("Đã cấp")
        REFUSED = "refused", _("Không cấp")

    certificate = models.ForeignKey(
        "Certificate", on_delete=models.PROTECT, related_name="change_requests"
    )
    kind = models.CharField(_("loại đề nghị"), max_length=10, choices=Kind)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.SUBMITTED
    )
    document_number = models.CharField(_("số đơn"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    reason = models.TextField(_("lý do cấp lại/thay đổi"))
    changes = models.TextField(_("nội dung thay đổi"), blank=True)
    signer_name = models.CharField(_("người ký đơn"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("lý do không cấp"), blank=True)
    # The portal's reason when no person gave one (the certificate was revoked): a message key.
    decision_message = models.CharField(max_length=500, blank=True)
    new_certificate = models.OneToOneField(
        "Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_by_change",
    )
    snapshot = models.JSONField(default=dict)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["reissue", "replace"]), name="cert_change_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "granted", "refused"]),
                name="cert_change_status_valid",
            ),
            # One pending request per certificate: the agency answers it before the next.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status="submitted"),
                name="cert_one_pending_change",
            ),
        ]

    def __str__(self):
        return f"{self.certificate.number}:{self.kind}:{self.pk}"

    @property
    def decision_reason_text(self) -> str:
        """Return why the request was refused, in the active language for the portal's reasons."""
        return self.decision_reason or render_message(self.decision_message)

    @property
    def rule(self) -> str:
        return "certificate.reissue" if self.kind == self.Kind.REISSUE else "certificate.replace"


CHANGE_TRANSITIONS: dict[str, set[str]] = {
    ChangeRequest.Status.SUBMITTED: {ChangeRequest.Status.GRANTED, ChangeRequest.Status.REFUSED},
    ChangeRequest.Status.GRANTED: set(),
    ChangeRequest.Status.REFUSED: set(),
}


class Certificate(models.Model):
    """A certificate of eligibility (Form 05), numbered and verifiable by its number."""

    class Status(models.TextChoices):
        VALID = "valid", _("Còn hiệu lực")
        REPLACED = "replaced", _("Đã được cấp lại/cấp đổi")
        REVOKED = "revoked", _("Đã bị thu hồi")

    number = models.CharField(_("số giấy chứng nhận"), max_length=40, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="certificates"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status, default=Status.VALID)
    issued_at = models.DateTimeField(_("ngày cấp"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    # Registry columns, copied from the snapshot so the public list needs no JSON.
    holder_name = models.CharField(_("tên tổ chức"), max_length=300)
    holder_tax_code = models.CharField(_("mã số thuế"), max_length=14)
    services = models.JSONField(_("dịch vụ"), default=list)
    # The Form 05 content as issued, frozen, and its PDF.
    snapshot = models.JSONField(default=dict)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    # Decree 356 Art. 27: revocation (Form 07), the return clock and the public notice.
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_ground = models.CharField(
        _("căn cứ thu hồi"), max_length=12, choices=RevocationGround, blank=True
    )
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revocation_number = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    revocation_snapshot = models.JSONField(default=dict, blank=True)
    revocation_pdf = models.BinaryField(null=True, blank=True)
    # Typed by the agency; otherwise the portal's notice, stored as a message key and parameters.
    revocation_notice = models.TextField(_("thông báo thu hồi"), blank=True)
    revocation_notice_message = models.TextField(blank=True)
    revocation_notice_params = models.JSONField(default=dict, blank=True)
    returned_at = models.DateTimeField(_("đã nộp lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["valid", "replaced", "revoked"]),
                name="certificate_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(revocation_ground__in=["", *RevocationGround.values]),
                name="certificate_ground_valid",
            ),
            # Decree 356 Art. 27(1): no revocation without one of its grounds.
            models.CheckConstraint(
                condition=~Q(status="revoked")
                | (~Q(revocation_ground="") & Q(revoked_at__isnull=False)),
                name="certificate_revoked_has_ground",
            ),
        ]
        indexes = [models.Index(fields=["status", "holder_name"], name="certificate_registry_ix")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("certification:certificate", args=[self.pk])

    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [str(labels.get(s.get("service"), s.get("service"))) for s in self.services]

    @property
    def revocation_point(self) -> str:
        return point_label(REVOCATION_POINTS.get(self.revocation_ground, ""))

    @property
    def revocation_notice_text(self) -> str:
        """Return the public notice of the revocation (Art. 27(4)) in the active language."""
        return self.revocation_notice or render_message(
            self.revocation_notice_message, self.revocation_notice_params
        )


# The moves of a certificate: replaced by a reissue/replacement, or revoked (Art. 26, 27).
CERTIFICATE_TRANSITIONS: dict[str, set[str]] = {
    Certificate.Status.VALID: {Certificate.Status.REPLACED, Certificate.Status.REVOKED},
    Certificate.Status.REPLACED: set(),
    Certificate.Status.REVOKED: set(),
}


class ApplicationVersion(SubmittedVersion):
    """One submission of Form 04 as sent: the first, or the dossier after a supplement.

    Its number (``version``), time, sender, content (``snapshot``) and PDF come from the filings
    core.
    """

    filed_field = "application"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    note = models.TextField(_("nội dung bổ sung"), blank=True)

    class Meta:
        ordering = ["application", "version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="cert_version_once")
        ]


class ApplicationEvent(ReviewEventBase):
    """What happened to an application, with the agency's reasons (the written notices)."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("Nộp hồ sơ")
        REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung, hoàn thiện hồ sơ")
        SUPPLEMENT = "supplement", _("Nộp hồ sơ bổ sung")
        COMPLETE = "complete", _("Xác nhận hồ sơ đầy đủ, hợp lệ")
        GRANT = "grant", _("Cấp giấy chứng nhận")
        REFUSE = "refuse", _("Không cấp giấy chứng nhận")
        WITHDRAW = "withdraw", _("Rút hồ sơ")

    filed_field = "application"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("hành động"), max_length=20, choices=Kind)
    # What a person wrote (a note, the agency's reasons), verbatim.
    message = models.TextField(_("nội dung"), blank=True)
    # What the portal wrote (e.g. the number granted): a message key and its parameters.
    system_message = models.CharField(max_length=500, blank=True)
    system_params = models.JSONField(default=dict, blank=True)

    class Meta(ReviewEventBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "submit",
                        "request_supplement",
                        "supplement",
                        "complete",
                        "grant",
                        "refuse",
                        "withdraw",
                    ]
                ),
                name="cert_event_kind_valid",
            )
        ]

    @property
    def text(self) -> str:
        """Return what the event says in the active language: the portal's text, then the typed."""
        parts = (render_message(self.system_message, self.system_params), self.message)
        return "\n".join(part for part in parts if part)


def _enclosure_path(instance, filename: str) -> str:
    # Random stored names: the uploader's file name is kept in the row, never on disk.
    return f"certification/{uuid.uuid4().hex}"


class Enclosure(UploadedEnclosure):
    """A document enclosed with an application (Art. 25(1)) or a Form 06 request (Art. 26(2)(a))."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Bản sao Giấy chứng nhận đăng ký doanh nghiệp")
        DESIGNATION = (
            "designation",
            _(
                "Văn bản chỉ định bộ phận bảo vệ dữ liệu cá nhân hoặc hợp đồng sử dụng dịch vụ bảo vệ "
                "dữ liệu cá nhân"
            ),
        )
        SCHEME = "scheme", _("Đề án đề nghị cấp Giấy chứng nhận")
        DIPLOMA = "diploma", _("Bằng cấp và giấy tờ chứng minh của nhân sự")
        EVIDENCE = "evidence", _("Giấy tờ, tài liệu chứng minh nội dung sai, thay đổi")
        OTHER = "other", _("Tài liệu khác")

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="enclosures"
    )
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="enclosures"
    )
    staff = models.ForeignKey(
        QualifiedStaff, null=True, blank=True, on_delete=models.CASCADE, related_name="enclosures"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=14, choices=Kind)
    file = models.FileField(upload_to=_enclosure_path)
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "registration",
                        "designation",
                        "scheme",
                        "diploma",
                        "evidence",
                        "other",
                    ]
                ),
                name="cert_enclosure_kind_valid",
            ),
            # An enclosure belongs to exactly one application or one Form 06 request.
            models.CheckConstraint(
                condition=(Q(application__isnull=False) & Q(change_request__isnull=True))
                | (Q(application__isnull=True) & Q(change_request__isnull=False)),
                name="cert_enclosure_one_owner",
            ),
        ]

    @property
    def label(self) -> str:
        text = self.description or self.get_kind_display()
        if self.staff_id:
            text = f"{text} ({self.staff.full_name})"
        return text

"""Consent notices, per-purpose consent records and their signed receipts.

Law 91/2025 Art. 9 (consent per purpose, never bundled, silence is not consent), Art. 10
(withdrawal), Art. 24(2) (children and their representatives), Art. 28(3), 28(8) (advertising);
Decree 356/2025 Art. 6 (methods, proof by the controller, no default consent, sensitive data told).
Shaped on ISO/IEC TS 27560:2023: a notice version, a record per event, a receipt per record.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công bố")


class Method(models.TextChoices):
    # Decree 356/2025 Art. 6(1)(a)-(dd).
    WRITTEN = "written", _("Văn bản (Nghị định 356/2025 Điều 6 khoản 1 điểm a)")
    CALL = "call", _("Cuộc gọi được ghi âm (Nghị định 356/2025 Điều 6 khoản 1 điểm b)")
    SMS = "sms", _("Cú pháp tin nhắn (Nghị định 356/2025 Điều 6 khoản 1 điểm c)")
    ELECTRONIC = (
        "electronic",
        _("Thư điện tử, trang web, ứng dụng (Nghị định 356/2025 Điều 6 khoản 1 điểm d)"),
    )
    OTHER = (
        "other",
        _("Hình thức khác in, sao chép được (Nghị định 356/2025 Điều 6 khoản 1 điểm đ)"),
    )


# Decree 356/2025 Art. 6(1): each method must make the subject's identity, the time and the
# content verifiable; these are the evidence fields without which a "given" record is refused.
METHOD_EVIDENCE: dict[str, tuple[str, ...]] = {
    Method.WRITTEN: ("document_ref",),
    Method.CALL: ("recording_ref", "phone"),
    Method.SMS: ("sms_number", "sms_syntax"),
    Method.ELECTRONIC: ("ip", "user_agent"),
    Method.OTHER: ("document_ref", "description"),
}
EVIDENCE_FIELDS = (
    "document_ref",
    "recording_ref",
    "phone",
    "sms_number",
    "sms_syntax",
    "ip",
    "user_agent",
    "description",
)


class CollectionPoint(models.TextChoices):
    WEBSITE = "website", _("Trang web")
    APP = "app", _("Ứng dụng di động")
    COUNTER = "counter", _("Tại quầy")
    PHONE = "phone", _("Điện thoại")
    SMS = "sms", _("Tin nhắn")
    PAPER = "paper", _("Biểu mẫu giấy")
    SUBJECT_PAGE = "subject_page", _("Trang sự đồng ý của chủ thể")
    RIGHTS_REQUEST = "rights_request", _("Yêu cầu rút lại sự đồng ý")
    OTHER = "other", _("Khác")


class Decision(models.TextChoices):
    GIVEN = "given", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")
    WITHDRAWN = "withdrawn", _("Đã rút lại")
    # Law 91/2025 Art. 9(4)(c): valid until changed "or as the law provides".
    EXPIRED = "expired", _("Hết hiệu lực theo quy định")


class IdentifierKind(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Số điện thoại")
    CUSTOMER = "customer", _("Mã khách hàng")


class Capacity(models.TextChoices):
    FULL = "full", _("Đủ năng lực hành vi dân sự")
    # Law 91/2025 Art. 24(2): the legal representative acts for these persons.
    RESTRICTED = "restricted", _("Mất hoặc hạn chế năng lực hành vi, khó khăn trong nhận thức")


class Notice(models.Model):
    """One version of an organisation's consent text; frozen (content hash) once published."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="consent_notices"
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    title_vi = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=300)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=300, blank=True)
    text_vi = models.TextField(_("nội dung thông báo (tiếng Việt)"))
    text_en = models.TextField(_("nội dung thông báo (tiếng Anh)"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=NoticeStatus, default=NoticeStatus.DRAFT
    )
    # The notice as shown (texts, purposes, data types at publication), and its SHA-256.
    snapshot = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo xin sự đồng ý")
        verbose_name_plural = _("thông báo xin sự đồng ý")
        ordering = ["organization", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"], name="consent_notice_one_per_version"
            ),
            models.CheckConstraint(
                condition=Q(status__in=NoticeStatus.values), name="consent_notice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=NoticeStatus.DRAFT) | ~Q(content_hash=""),
                name="consent_notice_published_hashed",
            ),
        ]

    def __str__(self):
        return f"{self.title_vi} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED


class Purpose(models.Model):
    """One purpose a notice asks consent for, tied to a processing activity of the register."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="purposes")
    code = models.SlugField(_("mã mục đích"), max_length=50)
    label_vi = models.CharField(_("mục đích (tiếng Việt)"), max_length=300)
    label_en = models.CharField(_("mục đích (tiếng Anh)"), max_length=300, blank=True)
    activity = models.ForeignKey(
        "dossiers.ProcessingActivity",
        on_delete=models.SET_NULL,
        null=True,
        related_name="consent_purposes",
        verbose_name=_("hoạt động xử lý"),
    )
    # Copied from the activity when the purpose is written (Law 91/2025 Art. 9(2)(a)); a later
    # change in the register flags the notice, it never changes what was shown.
    basic_data_types = models.JSONField(default=list, blank=True)
    sensitive_data_types = models.JSONField(default=list, blank=True)
    # Law 91/2025 Art. 28(3), 28(8): advertising and behavioural targeting need their own consent.
    marketing = models.BooleanField(_("quảng cáo, tiếp thị"), default=False)
    # Law 91/2025 Art. 24(2): publishing a child's private life needs the child's own agreement too.
    discloses_private_life = models.BooleanField(_("công bố đời sống riêng tư"), default=False)
    # How long a consent to this purpose lasts, in months from the subject's decision, as the
    # notice tells the subject (Law 91/2025 Art. 3(3): kept only as long as the purpose needs;
    # Art. 28(8)(b) and Decree 356/2025 Art. 8(2)(c): the storage time is stated when consent is
    # asked). Entered by the DPO; blank: until the subject changes it. When it ends the consent
    # ends "as the law provides" (Law 91/2025 Art. 9(4)(c)) and the sweeper records its expiry.
    valid_months = models.PositiveSmallIntegerField(
        _("thời hạn của sự đồng ý (tháng)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mục đích xin đồng ý")
        verbose_name_plural = _("mục đích xin đồng ý")
        ordering = ["notice", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "code"], name="consent_purpose_code_unique")
        ]

    def __str__(self):
        return self.label_vi

    @property
    def sensitive(self) -> bool:
        # Decree 356/2025 Art. 6(4): the subject is told when the data are sensitive.
        return bool(self.sensitive_data_types)


class Keyring(models.Model):
    """An organisation's secrets for consent records: the subject-key HMAC secret, the salt of
    its receipt signing key (derived from the portal's key, so no private key is in the table)."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="consent_keyring"
    )
    subject_secret = models.CharField(max_length=64)
    signing_salt = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa sự đồng ý của tổ chức")

    def __str__(self):
        return str(self.organization_id)


class ReceiptKey(models.Model):
    """A public key that signed an organisation's receipts, published forever (append-only)."""

    kid = models.CharField(max_length=64, primary_key=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="consent_receipt_keys"
    )
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa ký biên nhận")
        ordering = ["organization", "created_at"]

    def __str__(self):
        return self.kid


class PropertyKey(models.Model):
    """A secret one website or app of the organisation records consent with; nothing else."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="consent_keys"
    )
    name = models.CharField(_("trang web hoặc ứng dụng"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa ghi nhận sự đồng ý")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class ConsentRecord(models.Model):
    """One consent event of one subject: decisions per purpose, method, evidence, receipt.

    Append-only (database triggers): a withdrawal or a new answer is a new record; the earlier
    ones stay as they were (Law 91/2025 Art. 10(4): what was done before stays lawful).
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="consent_records"
    )
    # HMAC-SHA256 of the normalised identifier with the organisation's secret: no plain
    # identifier in the table.
    subject_key = models.CharField(max_length=64)
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="records")
    method = models.CharField(_("phương thức"), max_length=12, choices=Method, blank=True)
    evidence = models.JSONField(_("chứng cứ"), default=dict, blank=True)
    evidence_file = models.FileField(upload_to="consents/%Y/%m/", blank=True)
    collection_point = models.CharField(
        _("nơi thu thập"), max_length=20, choices=CollectionPoint, default=CollectionPoint.WEBSITE
    )
    collected_at = models.DateTimeField(_("thời điểm"))
    language = models.CharField(max_length=8, default="vi")
    subject_age = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity = models.CharField(max_length=12, choices=Capacity, default=Capacity.FULL)
    # Law 91/2025 Art. 24(2): {"name", "relationship", "identifier_key"}; "child_agreed" too.
    representative = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=20, default="api")
    idempotency_key = models.CharField(max_length=64, blank=True)
    rights_request = models.ForeignKey(
        "subjects_rights.RightsRequest",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    receipt = models.TextField()
    receipt_kid = models.CharField(max_length=64)
    # The audit event written with the record (a batch shares one; its data names every record
    # with the SHA-256 of its receipt).
    audit_event_id = models.BigIntegerField(null=True, blank=True)
    # Set before signing (the receipt carries it), so no auto_now_add.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bản ghi sự đồng ý")
        verbose_name_plural = _("bản ghi sự đồng ý")
        ordering = ["-collected_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="consent_one_record_per_key",
            ),
            models.CheckConstraint(
                condition=Q(method="") | Q(method__in=Method.values),
                name="consent_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(collection_point__in=CollectionPoint.values),
                name="consent_collection_point_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "subject_key", "collected_at"], name="consent_subject"
            ),
        ]

    def __str__(self):
        return str(self.uid)


class ConsentDecision(models.Model):
    """The answer of one record for one purpose (Law 91/2025 Art. 9(4)(a)); append-only."""

    record = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="decisions")
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(max_length=10, choices=Decision)

    class Meta:
        verbose_name = _("quyết định theo mục đích")
        constraints = [
            models.UniqueConstraint(fields=["record", "purpose"], name="consent_one_per_purpose"),
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="consent_decision_valid"
            ),
        ]
        indexes = [models.Index(fields=["purpose", "decision"], name="consent_purpose_decision")]

    def __str__(self):
        return f"{self.purpose_id}: {self.decision}"


class ExpiryOutcome(models.TextChoices):
    EXPIRED = "expired", _("Đã ghi nhận hết hiệu lực")
    # The subject answered again before the end: the new answer stands (Law 91/2025 Art. 9(4)(c)).
    SUPERSEDED = "superseded", _("Chủ thể đã thay đổi trước khi hết hạn")


class ConsentExpiry(models.Model):
    """When a consent given for a purpose with a stated period ends (Purpose.valid_months).

    Written with the decision; the sweeper claims the rows due (partial index on ``due_at``),
    records the expiry if that decision is still the subject's latest, and sets ``done_at``: a
    row is handled once, whatever the sweeper does.
    """

    decision = models.OneToOneField(
        ConsentDecision, on_delete=models.PROTECT, related_name="expiry"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=ExpiryOutcome, blank=True)

    class Meta:
        verbose_name = _("thời hạn của sự đồng ý")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at=None, outcome="")
                | (~Q(done_at=None) & Q(outcome__in=ExpiryOutcome.values)),
                name="consent_expiry_outcome_valid",
            )
        ]
        indexes = [
            models.Index(fields=["due_at"], name="consent_expiry_due", condition=Q(done_at=None))
        ]

    def __str__(self):
        return f"{self.decision_id}: {self.due_at:%Y-%m-%d}"


class SubjectAccess(models.Model):
    """A data subject's e-mailed link to their consents (no account); expires."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField()
    subject_key = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8, default="vi")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="consent_access_expiry")]

    def __str__(self):
        return f"{self.organization_id}: {self.expires_at:%Y-%m-%d %H:%M}"

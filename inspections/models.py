"""Inspections of an organisation by the specialized agency (Decree 356 Art. 31; Law 91 Art. 35)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.rules import REMEDIATION_PERIODS


class InvalidTransition(Exception):
    """A move the TRANSITIONS table does not allow; the message is translated and shown as is."""


# Decree 356 Art. 31(1): inspections are regular or extraordinary.
class Kind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    EXTRAORDINARY = "extraordinary", _("Đột xuất")


# Decree 356 Art. 31(1)(a)-(c): the cases in which an inspection is conducted.
class Ground(models.TextChoices):
    SUSPECTED = (
        "suspected",
        _("Có căn cứ nghi vấn về hành vi vi phạm pháp luật về bảo vệ dữ liệu cá nhân (điểm a)"),
    )
    DIRECTED = (
        "directed",
        _(
            "Có chỉ đạo của cơ quan, người có thẩm quyền quản lý nhà nước về bảo vệ dữ liệu cá "
            "nhân (điểm b)"
        ),
    )
    STATE_MANAGEMENT = (
        "state_management",
        _("Thực hiện công tác quản lý nhà nước theo quy định của pháp luật (điểm c)"),
    )


# Decree 356 Art. 31(3)(a)-(c): what an inspection covers. Bundle sections name the contents
# they answer with these codes (pdp_portal.filings.bundle).
class Content(models.TextChoices):
    COMPLIANCE = "compliance", _("Hiện trạng tuân thủ công tác bảo vệ dữ liệu cá nhân (điểm a)")
    IMPACT_ASSESSMENT = (
        "impact_assessment",
        _(
            "Hoạt động đánh giá tác động xử lý dữ liệu cá nhân và đánh giá tác động chuyển dữ "
            "liệu cá nhân xuyên biên giới (điểm b)"
        ),
    )
    PROCESSING_SERVICES = (
        "processing_services",
        _("Hoạt động kinh doanh dịch vụ xử lý dữ liệu cá nhân (điểm c)"),
    )


class Status(models.TextChoices):
    PLANNED = "planned", _("Đã ra quyết định, chưa thông báo")
    NOTIFIED = "notified", _("Đã thông báo cho đối tượng kiểm tra")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    FINDINGS_ISSUED = "findings_issued", _("Đã có kết luận, đang khắc phục")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


# The status moves an inspection may make; every service checks this table and nothing else.
# PLANNED -> IN_PROGRESS only for an unscheduled inspection (Decree 356 Art. 31(4), last sentence).
TRANSITIONS: dict[str, set[str]] = {
    Status.PLANNED: {Status.NOTIFIED, Status.IN_PROGRESS, Status.CANCELLED},
    Status.NOTIFIED: {Status.IN_PROGRESS, Status.CANCELLED},
    Status.IN_PROGRESS: {Status.FINDINGS_ISSUED},
    Status.FINDINGS_ISSUED: {Status.CLOSED},
    Status.CLOSED: set(),
    Status.CANCELLED: set(),
}
# The organisation sees an inspection once it is told of it (or once an unscheduled one starts).
VISIBLE_TO_ORGANIZATION = (
    Status.NOTIFIED,
    Status.IN_PROGRESS,
    Status.FINDINGS_ISSUED,
    Status.CLOSED,
)
# Decree 356 Art. 31(5): the organisation prepares the contents while the inspection is ahead or on.
BUNDLE_STATUSES = (Status.NOTIFIED, Status.IN_PROGRESS, Status.FINDINGS_ISSUED)


class Inspection(models.Model):
    """One inspection of one organisation, from the agency's decision to its closing."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="inspections"
    )
    reference = models.CharField(_("số hiệu"), max_length=30, unique=True)
    kind = models.CharField(_("hình thức kiểm tra"), max_length=20, choices=Kind)
    ground = models.CharField(_("trường hợp kiểm tra"), max_length=20, choices=Ground)
    # A list of Content codes, checked by the service (a JSON list, so that the embedded SQLite
    # default of `make run` holds it as PostgreSQL does).
    contents = models.JSONField(_("nội dung kiểm tra"), default=list)
    # Decree 356 Art. 31(5): "the specific requirements in the inspection decision".
    requirements = models.TextField(_("yêu cầu cụ thể trong quyết định kiểm tra"), blank=True)
    decision_number = models.CharField(_("số quyết định kiểm tra"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    start_date = models.DateField(_("ngày bắt đầu kiểm tra"))
    # The period whose records the organisation prepares (the bundle covers it).
    period_start = models.DateField(_("kỳ kiểm tra từ ngày"))
    period_end = models.DateField(_("kỳ kiểm tra đến ngày"))
    # Decree 356 Art. 31(4), last sentence: an extraordinary inspection may start without notice.
    unscheduled = models.BooleanField(_("kiểm tra đột xuất không báo trước"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status, default=Status.PLANNED
    )
    conclusion = models.TextField(_("kết luận kiểm tra"), blank=True)
    notified_at = models.DateTimeField(_("thông báo lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    findings_issued_at = models.DateTimeField(_("kết luận lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["organization", "status"], name="inspection_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="inspection_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="inspection_kind_valid"),
            models.CheckConstraint(
                condition=Q(ground__in=Ground.values), name="inspection_ground_valid"
            ),
            # Art. 31(4): only an extraordinary inspection may skip the notice.
            models.CheckConstraint(
                condition=Q(unscheduled=False) | Q(kind="extraordinary"),
                name="inspection_unscheduled_extraordinary",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="inspection_period_ordered",
            ),
            # A notified inspection has its notice time; an inspection seen under way has started.
            models.CheckConstraint(
                condition=~Q(status="notified") | Q(notified_at__isnull=False),
                name="inspection_notified_at_set",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["in_progress", "findings_issued", "closed"])
                | Q(started_at__isnull=False),
                name="inspection_started_at_set",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["findings_issued", "closed"])
                | Q(findings_issued_at__isnull=False),
                name="inspection_findings_at_set",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def content_labels(self) -> list[str]:
        return [str(Content(code).label) for code in self.contents if code in Content.values]


class TeamMember(models.Model):
    """A member of the inspection team (Decree 356 Art. 31(4): the team's composition)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Trưởng đoàn")
        MEMBER = "member", _("Thành viên")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role, default=Role.MEMBER)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="inspection_team_once"),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "member"]), name="inspection_team_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.inspection_id}:{self.user_id} ({self.role})"


class Finding(models.Model):
    """One finding of the inspection team."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    description = models.TextField(_("nội dung phát hiện"))
    basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="finding_number_once")
        ]

    def __str__(self):
        return f"{self.inspection_id}:{self.number}"


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    SUBMITTED = "submitted", _("Tổ chức báo đã khắc phục, chờ đoàn kiểm tra xác nhận")
    ACCEPTED = "accepted", _("Đoàn kiểm tra xác nhận đã khắc phục")


# The organisation marks an item done; the team accepts it or reopens it (back to open).
REMEDIATION_TRANSITIONS: dict[str, set[str]] = {
    RemediationStatus.OPEN: {RemediationStatus.SUBMITTED},
    RemediationStatus.SUBMITTED: {RemediationStatus.ACCEPTED, RemediationStatus.OPEN},
    RemediationStatus.ACCEPTED: set(),
}


class RemediationItem(models.Model):
    """A measure the organisation must take, within a period set by the team."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="remediation_items"
    )
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="items")
    description = models.TextField(_("biện pháp khắc phục"))
    # The period in days the team set; one of the catalogue's inspection.remediate.* rules.
    period_days = models.PositiveSmallIntegerField(_("thời hạn khắc phục (ngày)"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=RemediationStatus,
        default=RemediationStatus.OPEN,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_note = models.TextField(_("nội dung đã khắc phục"), blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(_("lý do yêu cầu khắc phục lại"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["finding__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RemediationStatus.values), name="remediation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_days__in=REMEDIATION_PERIODS), name="remediation_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(submitted_at__isnull=False),
                name="remediation_submitted_at_set",
            ),
        ]

    def __str__(self):
        return f"{self.finding_id}:{self.pk} ({self.status})"

    @property
    def rule_code(self) -> str:
        return f"inspection.remediate.{self.period_days}"


def _evidence_path(instance, filename):
    return f"inspections/{instance.item.inspection.organization_id}/evidence/{instance.item_id}/{filename}"


class RemediationEvidence(models.Model):
    """A file the organisation uploaded to show an item remedied (checked by pdp_portal.uploads)."""

    item = models.ForeignKey(RemediationItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class BundleStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    BUILDING = "building", _("Đang tổng hợp")
    READY = "ready", _("Đã sẵn sàng")
    FAILED = "failed", _("Không tổng hợp được")


def _bundle_path(instance, filename):
    return f"inspections/{instance.inspection.organization_id}/bundles/{filename}"


class Bundle(models.Model):
    """The inspection bundle of Decree 356 Art. 31(5): one ZIP the organisation prepares."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="bundles")
    status = models.CharField(max_length=10, choices=BundleStatus, default=BundleStatus.QUEUED)
    # 0-100, and the section being built: the page polls them.
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=40, blank=True)
    file = models.FileField(upload_to=_bundle_path, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # The index summary of each section: [{"code", "title", "lines", "files"}].
    summary = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(_("nộp cho đoàn kiểm tra lúc"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BundleStatus.values), name="bundle_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="bundle_progress_valid"),
            # At most one bundle in the making per inspection: a second click finds the first.
            models.UniqueConstraint(
                fields=["inspection"],
                condition=Q(status__in=["queued", "building"]),
                name="bundle_one_in_making",
            ),
            # Only a finished bundle can be filed to the team.
            models.CheckConstraint(
                condition=Q(filed_at__isnull=True) | Q(status="ready"), name="bundle_filed_ready"
            ),
        ]

    def __str__(self):
        return f"{self.inspection_id}:{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (BundleStatus.READY, BundleStatus.FAILED)

"""Models of the filings core: one row per filed thing, and its one timeline.

A ``Filing`` is a denormalised mirror of an app's object once it is filed (never a draft), kept in
step by ``services.refresh`` in the same transaction as the app's write: the agency's workspace
filters, sorts and pages every kind on one indexed table instead of stitching one query per app.

The abstract bases at the end are what the apps' own filing records share (a version as sent, an
event of the review, an enclosed document): each app's model inherits one and keeps its own table,
statuses and constraints.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdp_portal.messages import render_message

from . import registry


class Filing(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = registry.SUBMITTED, _("Đã nộp, chờ xem xét")
        UNDER_REVIEW = registry.UNDER_REVIEW, _("Đang xem xét")
        AWAITING_ORGANISATION = registry.AWAITING_ORGANISATION, _("Chờ tổ chức bổ sung")
        DECIDED = registry.DECIDED, _("Đã quyết định")
        CLOSED = registry.CLOSED, _("Đã kết thúc")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="filings"
    )
    # The code of the registered kind (registry.FilingKind.code): "breach", "dossier", ...
    kind = models.CharField(_("loại hồ sơ"), max_length=30)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    reference = models.CharField(_("số hiệu"), max_length=60)
    title_message = models.CharField(max_length=500, blank=True)
    title_params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status)
    app_status = models.CharField(max_length=30, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_filings",
        verbose_name=_("cán bộ xem xét"),
    )
    first_submitted_at = models.DateTimeField(_("nộp lần đầu"))
    last_submitted_at = models.DateTimeField(_("nộp gần nhất"))
    last_activity_at = models.DateTimeField(_("hoạt động gần nhất"))
    # The earliest running clock of each party (open or overdue), copied from clock.Deadline.
    agency_due_at = models.DateTimeField(_("hạn của cơ quan chuyên trách"), null=True, blank=True)
    organisation_due_at = models.DateTimeField(_("hạn của tổ chức"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ đã nộp")
        verbose_name_plural = _("hồ sơ đã nộp")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="filing_object"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "submitted",
                        "under_review",
                        "awaiting_organisation",
                        "decided",
                        "closed",
                    ]
                ),
                name="filing_status_valid",
            ),
        ]
        indexes = [
            # The workspace's order (agency's nearest deadline first, then the latest filed): the
            # index gives the rows in order, so a page is read, not sorted.
            models.Index(fields=["agency_due_at", "-last_submitted_at", "-id"], name="filing_due"),
            models.Index(fields=["status", "agency_due_at"], name="filing_status_due"),
            models.Index(fields=["kind", "status", "agency_due_at"], name="filing_kind_status"),
            models.Index(fields=["assignee", "status"], name="filing_assignee"),
            models.Index(fields=["organization", "-last_activity_at"], name="filing_org"),
        ]

    def __str__(self):
        return f"{self.kind} {self.reference}"

    @property
    def kind_info(self) -> registry.FilingKind | None:
        try:
            return registry.get_kind(self.kind)
        except KeyError:
            return None

    @property
    def kind_label(self) -> str:
        info = self.kind_info
        return str(info.label) if info else self.kind

    @property
    def title(self) -> str:
        return render_message(self.title_message, self.title_params) if self.title_message else ""

    @property
    def app_status_label(self) -> str:
        info = self.kind_info
        try:
            return info.app_status_label(self.app_status) if info else self.app_status
        except ValueError:  # a code the app no longer has: shown as stored
            return self.app_status

    @property
    def regulator_url(self) -> str:
        from django.urls import reverse

        info = self.kind_info
        return reverse(info.regulator_url_name, args=[self.object_id]) if info else ""


class FilingEvent(models.Model):
    """One entry of a filing's timeline: filed, a new version, assigned, more asked, decided..."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Nộp lần đầu")
        VERSION = "version", _("Nộp phiên bản mới")
        ANSWERED = "answered", _("Tổ chức bổ sung theo yêu cầu")
        ASSIGNED = "assigned", _("Phân công cán bộ xem xét")
        REVIEWED = "reviewed", _("Cơ quan chuyên trách tiếp nhận, xem xét")
        MORE_REQUESTED = "more_requested", _("Cơ quan chuyên trách yêu cầu bổ sung")
        DECIDED = "decided", _("Cơ quan chuyên trách quyết định")
        CLOSED = "closed", _("Kết thúc")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    # Denormalised from the filing: an organisation's timeline is one indexed range.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    message = models.CharField(max_length=500)
    params = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    version = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the entry comes from (see registry.Event.source): written once per filing.
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "source"], name="filing_event_source"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "submitted",
                        "version",
                        "answered",
                        "assigned",
                        "reviewed",
                        "more_requested",
                        "decided",
                        "closed",
                    ]
                ),
                name="filing_event_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["filing", "at"], name="filing_event_filing"),
            models.Index(fields=["organization", "-at"], name="filing_event_org"),
        ]

    def __str__(self):
        return f"{self.filing_id}:{self.kind}"

    @property
    def text(self) -> str:
        return render_message(self.message, self.params)


# --- what the apps' filing records share (abstract: each app keeps its own table) ---------------


class FiledObject(models.Model):
    """What an organisation files (a breach, a dossier, an application): who began it and when.

    The app's model adds its organisation, reference, statuses and submission times.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class FiledRecord(models.Model):
    """A record of one filed object: ``filed_field`` names its foreign key to that object."""

    filed_field = ""  # "breach", "dossier", "application"

    class Meta:
        abstract = True

    @property
    def filed(self):
        return getattr(self, self.filed_field)

    @property
    def filed_id(self):
        return getattr(self, f"{self.filed_field}_id")

    @property
    def timeline_source(self) -> str:
        """What the filing's timeline entry from this record is keyed on (``registry.Event``)."""
        return f"{self._meta.label_lower}:{self.pk}"


class FrozenSubmission(FiledRecord):
    """A filing as the agency received it: when, by whom, and its content as sent (frozen)."""

    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The content as filed: what the PDFs were made from; never changed afterwards.
    snapshot = models.JSONField()

    class Meta:
        abstract = True

    @property
    def submitted_by_name(self) -> str:
        return self.submitted_by.get_username() if self.submitted_by else ""

    def timeline_event(self, kind: str, message: str, **fields) -> registry.Event:
        """Return the filing's timeline entry of this submission (``kind``: a FilingEvent kind)."""
        return registry.Event(
            source=self.timeline_source,
            kind=kind,
            at=self.submitted_at,
            message=message,
            actor_id=self.submitted_by_id,
            **fields,
        )

    def filing_version(self, number: int, label: str, documents, **fields) -> registry.Version:
        """Return this submission as the filing page lists it, with its ``documents``."""
        return registry.Version(
            number=number,
            label=label,
            submitted_at=self.submitted_at,
            submitted_by=self.submitted_by_name,
            documents=tuple(documents),
            **fields,
        )


class SubmittedVersion(FrozenSubmission):
    """One numbered submission of a form (the first, then each supplement), with its PDF."""

    version = models.PositiveSmallIntegerField(pgettext_lazy("submission", "lần"))
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.filed.reference} v{self.version}"


class ReviewEventBase(FiledRecord):
    """One step of the handling of a filed object (mostly the agency's), by whom and when.

    The app adds its ``kind`` (its own choices) and what the step says.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.filed_id}:{self.kind}"

    def timeline_event(self, kind: str, message: str | None = None, **fields) -> registry.Event:
        """Return the filing's timeline entry of this step (``kind``: a FilingEvent kind).

        Its text is the step's own label unless ``message`` (a message key) says otherwise.
        """
        return registry.Event(
            source=self.timeline_source,
            kind=kind,
            at=self.created_at,
            message=message or self.Kind(self.kind).label,
            actor_id=self.actor_id,
            **fields,
        )


class EnclosedFile(models.Model):
    """A document enclosed with a filing: the stored file's facts as uploaded.

    The app adds its ``file`` (stored under a random name by its own ``upload_to``): the uploader's
    name for it is kept here, never on disk.
    """

    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class UploadedEnclosure(EnclosedFile):
    """An enclosure the organisation uploads to the object it files: who uploaded it and when."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

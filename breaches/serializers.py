"""Shapes of the breach API. Every component is named ``Breach…`` (or ``RegulatorBreach…``), so no
name collides with another app's, and each choice set on a breach appears in one component only."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from pdp_portal.apivalidation import BoundedIntegerField, CalendarDateTimeField, IdField
from pdp_portal.clock.serializers import ClockSerializer
from pdp_portal.organizations.models import ProcessingRole

from .models import (
    UPDATABLE_FIELDS,
    BasicDataType,
    Breach,
    BreachAttachment,
    BreachReviewEvent,
    BreachSubmission,
    SensitiveDataType,
    Severity,
    SubjectNotice,
    duties,
)
from .services import NOTICE_FIELDS, breach_deadlines


def _data_types(choices):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), required=False, default=list
    )


# --- read ----------------------------------------------------------------------------------------


class BreachClockSerializer(ClockSerializer):
    pass


class BreachDutySerializer(serializers.Serializer):
    """One obligation the flags trigger, the clock that runs for it (if any) and why."""

    code = serializers.CharField()
    rule = serializers.CharField(allow_null=True)
    reason = serializers.CharField()
    basis = serializers.CharField()


class BreachSubmissionSerializer(serializers.ModelSerializer):
    answers_request = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = BreachSubmission
        fields = [
            "version",
            "kind",
            "document_number",
            "place",
            "submitted_at",
            "within_deadline",
            "late_reason",
            "note",
            "answers_request",
            "pdf_sha256",
            "snapshot",
        ]
        read_only_fields = fields


class BreachReviewEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = BreachReviewEvent
        fields = ["id", "kind", "message", "created_at"]
        read_only_fields = fields


class BreachNoticeSerializer(serializers.ModelSerializer):
    recipient_count = serializers.SerializerMethodField()

    class Meta:
        model = SubjectNotice
        fields = [
            "id",
            "status",
            *NOTICE_FIELDS,
            "recipient_count",
            "sent_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_recipient_count(self, obj) -> int:
        count = getattr(obj, "recipient_count", None)
        return obj.recipients.count() if count is None else count


class BreachAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = BreachAttachment
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "description",
            "uploaded_at",
        ]
        read_only_fields = fields


class _DutiesAndClocks(serializers.ModelSerializer):
    """What the flags require of the organisation, and the clocks running for it."""

    duties = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()

    def get_duties(self, obj) -> BreachDutySerializer(many=True):
        return BreachDutySerializer(duties(obj), many=True).data

    def get_clocks(self, obj) -> BreachClockSerializer(many=True):
        # The list views fetch every breach's clocks in one query (api.attach_clocks).
        clocks = getattr(obj, "api_clocks", None)
        if clocks is None:
            clocks = list(breach_deadlines(obj).values())
        return BreachClockSerializer(clocks, many=True).data


class BreachSerializer(_DutiesAndClocks):
    """A breach as its organisation sees it: the record, its clocks and everything done since."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    basic_data_types = _data_types(BasicDataType.choices)
    sensitive_data_types = _data_types(SensitiveDataType.choices)
    submissions = BreachSubmissionSerializer(many=True, read_only=True)
    review_events = BreachReviewEventSerializer(many=True, read_only=True)
    open_info_request = serializers.SerializerMethodField()
    notices = BreachNoticeSerializer(source="subject_notices", many=True, read_only=True)
    attachments = BreachAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Breach
        fields = [
            "id",
            "reference",
            "organization",
            "organization_name",
            *UPDATABLE_FIELDS,
            "controller_notified_at",
            "status",
            "review_status",
            "submitted_at",
            "contained_at",
            "remediated_at",
            "closed_at",
            "retain_until",
            "public_id",
            "public_notice_text",
            "public_notice_published_at",
            "created_at",
            "updated_at",
            "duties",
            "clocks",
            "submissions",
            "review_events",
            "open_info_request",
            "notices",
            "attachments",
        ]
        read_only_fields = fields

    def get_open_info_request(self, obj) -> int | None:
        """Return the id of the agency's request for information still waiting for a supplement."""
        if obj.review_status != Breach.Review.INFO_REQUESTED:
            return None
        requests = [
            e for e in obj.review_events.all() if e.kind == BreachReviewEvent.Kind.REQUEST_INFO
        ]
        return requests[-1].pk if requests else None


class RegulatorBreachSerializer(_DutiesAndClocks):
    """A submitted notification as the agency sees it: every version, its clocks, its review."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    organization_tax_code = serializers.CharField(source="organization.tax_code", read_only=True)
    # The organisation's own lifecycle, as a plain value (open, notified, contained, ...).
    status = serializers.CharField(read_only=True)
    basic_data_types = _data_types(BasicDataType.choices)
    sensitive_data_types = _data_types(SensitiveDataType.choices)
    within_deadline = serializers.SerializerMethodField()
    submissions = BreachSubmissionSerializer(many=True, read_only=True)
    review_events = BreachReviewEventSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Breach
        fields = [
            "id",
            "reference",
            "organization",
            "organization_name",
            "organization_tax_code",
            "summary",
            "discovered_at",
            "submitted_at",
            "review_status",
            "status",
            "severity",
            "harms_public_interest",
            "harms_data_subjects",
            "acting_role",
            "basic_data_types",
            "sensitive_data_types",
            "record_count",
            "subject_count",
            "within_deadline",
            "duties",
            "clocks",
            "submissions",
            "review_events",
            "attachments",
        ]
        read_only_fields = fields

    def get_attachments(self, obj) -> BreachAttachmentSerializer(many=True):
        """The documents enclosed with a Form 08 already sent (services.attachments_sent)."""
        # From the prefetched rows: the inbox lists many breaches without a query per breach.
        sent = [s.submitted_at for s in obj.submissions.all()]
        latest = max(sent) if sent else None
        enclosed = [a for a in obj.attachments.all() if latest and a.uploaded_at <= latest]
        return BreachAttachmentSerializer(enclosed, many=True).data

    def get_within_deadline(self, obj) -> bool | None:
        """Return whether the initial notification came within the 72 hours (None: no clock)."""
        initial = next(
            (s for s in obj.submissions.all() if s.kind == BreachSubmission.Kind.INITIAL), None
        )
        return initial.within_deadline if initial else None


# --- write ---------------------------------------------------------------------------------------


class BreachRecordSerializer(serializers.Serializer):
    """The short first form: what, when discovered, what data, how many people."""

    organization = IdField()
    summary = serializers.CharField(max_length=2000)
    discovered_at = CalendarDateTimeField()
    basic_data_types = _data_types(BasicDataType.choices)
    sensitive_data_types = _data_types(SensitiveDataType.choices)
    subject_count = BoundedIntegerField(min_value=0, required=False, allow_null=True)
    record_count = BoundedIntegerField(min_value=0, required=False, allow_null=True)
    harms_public_interest = serializers.BooleanField(required=False, default=False)
    harms_data_subjects = serializers.BooleanField(required=False, default=False)
    acting_role = serializers.ChoiceField(choices=ProcessingRole.choices, required=False)
    controller_name = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        if attrs.get("acting_role") == ProcessingRole.PROCESSOR and not attrs["controller_name"]:
            raise serializers.ValidationError(
                {
                    "controller_name": [
                        _("Bên xử lý dữ liệu phải ghi rõ bên kiểm soát dữ liệu được thông báo.")
                    ]
                }
            )
        return attrs


class BreachUpdateSerializer(serializers.Serializer):
    """Complete or correct the record (Decree 356 Art. 28(1)); send only what changes."""

    summary = serializers.CharField(max_length=2000)
    discovered_at = CalendarDateTimeField()
    discovery_method = serializers.CharField(max_length=500, allow_blank=True)
    occurred_from = CalendarDateTimeField(allow_null=True)
    occurred_until = CalendarDateTimeField(allow_null=True)
    location = serializers.CharField(max_length=500, allow_blank=True)
    acts = serializers.CharField(allow_blank=True)
    parties_involved = serializers.CharField(allow_blank=True)
    basic_data_types = serializers.ListField(
        child=serializers.ChoiceField(choices=BasicDataType.choices)
    )
    sensitive_data_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SensitiveDataType.choices)
    )
    data_description = serializers.CharField(allow_blank=True)
    record_count = BoundedIntegerField(min_value=0, allow_null=True)
    subject_count = BoundedIntegerField(min_value=0, allow_null=True)
    consequences = serializers.CharField(allow_blank=True)
    measures_taken = serializers.CharField(allow_blank=True)
    measures_proposed = serializers.CharField(allow_blank=True)
    severity = serializers.ChoiceField(choices=Severity.choices)
    subject_guidance = serializers.CharField(allow_blank=True)
    harms_public_interest = serializers.BooleanField()
    harms_data_subjects = serializers.BooleanField()
    acting_role = serializers.ChoiceField(choices=ProcessingRole.choices)
    controller_name = serializers.CharField(max_length=300, allow_blank=True)
    controller_contact = serializers.CharField(max_length=300, allow_blank=True)


class BreachSubmitSerializer(serializers.Serializer):
    """Form 08: the initial notification, or a supplement (then ``note`` says what is new)."""

    document_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BreachMomentSerializer(serializers.Serializer):
    at = CalendarDateTimeField(required=False, allow_null=True, default=None)


class BreachNoticeCreateSerializer(serializers.Serializer):
    """The six contents of Decree 356 Art. 29(2); a content left out is taken from the record."""

    detected = serializers.CharField(required=False)
    data_affected = serializers.CharField(required=False)
    severity_and_risks = serializers.CharField(required=False)
    measures = serializers.CharField(required=False, allow_blank=True)
    guidance = serializers.CharField(required=False, allow_blank=True)
    contact = serializers.CharField(required=False)


class BreachRecipientsSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8: email,name per line; a header is allowed.")


class BreachCsvRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    error = serializers.CharField()


class BreachCsvErrorsSerializer(serializers.Serializer):
    """A list refused as a whole: every bad row with its line number (0: the whole file)."""

    file = serializers.ListField(child=serializers.CharField())
    rows = BreachCsvRowErrorSerializer(many=True)


class BreachPublicNoticeSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, help_text="Left out: a draft built from the record (Decree 356 29(2))."
    )


class BreachAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class BreachReviewMessageSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")

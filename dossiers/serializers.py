"""Shapes of the dossier API. Every component is named ``Dossier…`` (or ``RegulatorDossier…``), and
each choice set is one named enum component (``DossierChoiceField``), so no name collides with
another app's and the settings need no ENUM_NAME_OVERRIDES entry."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers

from pdp_portal.apivalidation import IdField
from pdp_portal.clock.serializers import ClockSerializer
from pdp_portal.organizations.models import ProcessingRole
from pdp_portal.organizations.people import regulators

from .catalogue import (
    FIELDS,
    BasicDataType,
    EnclosureCategory,
    ProcessingService,
    SensitiveDataType,
    TransferExemption,
    TransferKind,
    sections_for,
)
from .models import (
    Dossier,
    DossierEnclosure,
    DossierVersion,
    ProcessingActivity,
    Recipient,
    RegisterChange,
    ReviewEvent,
    Transfer,
    VersionEnclosure,
)
from .services import MAX_SUBJECTS, RECIPIENT_FIELDS, TRANSFER_FIELDS

# --- choice sets as named schema components ------------------------------------------------------


class DossierChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is the schema component ``enum_name``.

    drf-spectacular names inline enums after the field ("role", "kind", "status"), names several
    apps already use for other choice sets; a named component keeps each set apart.
    """

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)


class DossierChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = DossierChoiceField

    def get_name(self):
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "enum": list(self.target.choices),
            "description": build_choice_description_list(self.target.choices.items()),
        }


def _choice(enum_name, choices, **kwargs):
    return DossierChoiceField(enum_name=enum_name, choices=choices, **kwargs)


def _choices_list(enum_name, choices, **kwargs):
    return serializers.ListField(child=_choice(enum_name, choices), **kwargs)


def data_types_field(kind: str):
    """Return the list field of basic (Decree 356 Art. 3) or sensitive (Art. 4) data types."""
    if kind == "basic":
        return _choices_list("DossierBasicDataTypeEnum", BasicDataType.choices, required=False)
    return _choices_list("DossierSensitiveDataTypeEnum", SensitiveDataType.choices, required=False)


def _kind(**kwargs):
    return _choice("DossierKindEnum", Dossier.Kind.choices, **kwargs)


def _status(**kwargs):
    return _choice("DossierStatusEnum", Dossier.Status.choices, **kwargs)


def _category(**kwargs):
    return _choice("DossierEnclosureCategoryEnum", EnclosureCategory.choices, **kwargs)


# --- the register --------------------------------------------------------------------------------


class _RegisterItemSerializer(serializers.ModelSerializer):
    """A row of the register; ``organization`` is chosen on creation and never changes."""

    organization = IdField(source="organization_id")
    # Related rows are looked up in the same organisation only: another's id "does not exist".
    related_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org_id = getattr(self.instance, "organization_id", None)
        if org_id is None and isinstance(getattr(self, "initial_data", None), dict):
            raw = self.initial_data.get("organization")
            org_id = int(raw) if str(raw).isdigit() else None
        for name, model in self.related_fields:
            field = self.fields[name]
            field = getattr(field, "child_relation", field)
            field.queryset = model.objects.filter(organization_id=org_id)

    def validate_organization(self, value):
        if self.instance is not None and value != self.instance.organization_id:
            raise serializers.ValidationError(
                _("Không thể chuyển sang sổ đăng ký của tổ chức khác.")
            )
        return value


class DossierSubjectCategorySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    count = serializers.IntegerField(min_value=0, max_value=MAX_SUBJECTS)


class DossierActivitySerializer(_RegisterItemSerializer):
    """A processing activity of the register (Form 10 A.II; Form 09 A.II)."""

    role = _choice("DossierActivityRoleEnum", ProcessingRole.choices)
    subject_categories = DossierSubjectCategorySerializer(many=True)
    basic_data_types = data_types_field("basic")
    sensitive_data_types = data_types_field("sensitive")
    recipients = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Recipient.objects.none(), required=False
    )
    transfers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    related_fields = (("recipients", Recipient),)

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "organization",
            "name",
            "purpose",
            "role",
            "subject_categories",
            "basic_data_types",
            "sensitive_data_types",
            "data_flow",
            "consent_method",
            "retention",
            "deletion",
            "recipients",
            "transfers",
            "started_on",
            "ended_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "transfers", "created_at", "updated_at"]


class DossierRecipientSerializer(_RegisterItemSerializer):
    """A party of the register: controller, processor, third party (Form 10/09 Part B)."""

    role = _choice("DossierRecipientRoleEnum", Recipient.Role.choices)
    abroad = serializers.BooleanField(read_only=True)
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Recipient
        fields = [
            "id",
            "organization",
            *RECIPIENT_FIELDS,
            "abroad",
            "activities",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "abroad", "activities", "created_at", "updated_at"]


class DossierTransferSerializer(_RegisterItemSerializer):
    """A transfer of personal data abroad (Law 91/2025 Art. 20(1); Decree 356 Art. 17(1))."""

    activity = serializers.PrimaryKeyRelatedField(queryset=ProcessingActivity.objects.none())
    kind = _choice("DossierTransferKindEnum", TransferKind.choices)
    recipient = serializers.PrimaryKeyRelatedField(
        queryset=Recipient.objects.none(), allow_null=True, required=False
    )
    exemption = _choice(
        "DossierTransferExemptionEnum",
        TransferExemption.choices,
        required=False,
        help_text="Empty: the transfer needs the transfer impact dossier.",
    )
    related_fields = (("activity", ProcessingActivity), ("recipient", Recipient))

    class Meta:
        model = Transfer
        fields = ["id", "organization", *TRANSFER_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class DossierRegisterChangeSerializer(serializers.ModelSerializer):
    """A change that makes a dossier update due (Decree 356 Art. 20(1)-(2))."""

    organization = IdField(source="organization_id")
    kind = _choice("DossierChangeKindEnum", RegisterChange.Kind.choices)
    scope = _choice("DossierChangeScopeEnum", RegisterChange.Scope.choices)

    class Meta:
        model = RegisterChange
        fields = ["id", "organization", "kind", "scope", "occurred_at", "description", "created_at"]
        read_only_fields = ["id", "created_at"]
        # A person declaring a change describes it; the register's own changes have no text.
        extra_kwargs = {"description": {"required": True, "allow_blank": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The register's own changes are message keys: read in the reader's language.
        data["description"] = instance.text
        return data


class DossierRegisterImportSerializer(serializers.Serializer):
    organization = IdField()
    file = serializers.FileField(help_text="A workbook of the export's shape (XLSX).")


class DossierRegisterImportResultSerializer(serializers.Serializer):
    activities = serializers.IntegerField()
    recipients = serializers.IntegerField()
    transfers = serializers.IntegerField()


# --- dossiers: read ------------------------------------------------------------------------------


class DossierClockSerializer(ClockSerializer):
    pass


class DossierSanctionFlagSerializer(serializers.Serializer):
    """A completion request left unanswered (lapsed) or answered late (Decree 356 Art. 18(6), 19(6))."""

    state = _choice(
        "DossierSanctionStateEnum", [("lapsed", "lapsed"), ("late", "late")], read_only=True
    )
    due = serializers.DateTimeField(read_only=True)


class DossierExemptTransferSerializer(serializers.Serializer):
    transfer = serializers.IntegerField()
    country = serializers.CharField()
    reason = serializers.CharField()


class DossierRequirementSerializer(serializers.Serializer):
    """Whether the organisation must file this kind of dossier, why, and from when."""

    required = serializers.BooleanField()
    optional = serializers.BooleanField()
    reason = serializers.CharField()
    basis = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    exempt_transfers = DossierExemptTransferSerializer(many=True)


class DossierOrganizationRequirementSerializer(DossierRequirementSerializer):
    """The duty of one organisation to file one kind of dossier (an exempt one is told why)."""

    organization = IdField()
    kind = _kind()


class DossierMissingSerializer(serializers.Serializer):
    section = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())


class DossierFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    number = serializers.CharField()
    kind = serializers.CharField(help_text="text, line, yesno, number, services or filer")
    required = serializers.BooleanField()


class DossierSectionSerializer(serializers.Serializer):
    """A section of the report the DPO writes, with its answers' keys."""

    code = serializers.CharField()
    title = serializers.CharField()
    fields = DossierFieldSerializer(many=True)


# A document of a dossier, and its frozen copy in a submitted version.
ENCLOSURE_FIELDS = [
    "id",
    "category",
    "description",
    "original_name",
    "content_type",
    "size",
    "sha256",
]


class DossierEnclosureSerializer(serializers.ModelSerializer):
    category = _category(read_only=True)

    class Meta:
        model = DossierEnclosure
        fields = [*ENCLOSURE_FIELDS, "uploaded_at"]
        read_only_fields = fields


class DossierVersionEnclosureSerializer(serializers.ModelSerializer):
    category = _category(read_only=True)

    class Meta:
        model = VersionEnclosure
        fields = ENCLOSURE_FIELDS
        read_only_fields = fields


class DossierVersionSerializer(serializers.ModelSerializer):
    """A frozen submission: what was sent, when, by whom, with the hashes of every document."""

    kind = _choice("DossierVersionKindEnum", DossierVersion.Kind.choices, read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    enclosures = DossierVersionEnclosureSerializer(many=True, read_only=True)
    has_update_form = serializers.SerializerMethodField()
    change_summary = serializers.SerializerMethodField()

    class Meta:
        model = DossierVersion
        fields = [
            "number",
            "kind",
            "submitted_at",
            "submitted_by",
            "document_number",
            "place",
            "signer_name",
            "answers_request",
            "change_summary",
            "change_reason",
            "content_sha256",
            "notice_sha256",
            "report_sha256",
            "update_sha256",
            "has_update_form",
            "enclosures",
        ]
        read_only_fields = fields

    def get_has_update_form(self, obj) -> bool:
        return bool(obj.update_sha256)

    def get_change_summary(self, obj) -> str:
        """What changed since the version before, in the reader's language (Form 03a item 1).

        The views give each version its ``change_text`` (services.read_change_summaries); the
        frozen Vietnamese text filed with Form 03a is in the update PDF.
        """
        return getattr(obj, "change_text", obj.change_summary)


class DossierVersionDetailSerializer(DossierVersionSerializer):
    """A frozen submission with its whole content (the snapshot the PDFs were made from)."""

    snapshot = serializers.JSONField(read_only=True)

    class Meta(DossierVersionSerializer.Meta):
        fields = [*DossierVersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class DossierLatestVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = _choice("DossierVersionKindEnum", DossierVersion.Kind.choices)
    submitted_at = serializers.DateTimeField()


class DossierReviewEventSerializer(serializers.ModelSerializer):
    """What the agency did: assigned a reviewer, accepted, or asked for completion with reasons."""

    kind = _choice("DossierReviewEventKindEnum", ReviewEvent.Kind.choices, read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True, allow_null=True)

    class Meta:
        model = ReviewEvent
        fields = ["id", "kind", "version", "reasons", "created_at"]
        read_only_fields = fields


class _DossierBase(serializers.ModelSerializer):
    """The dossier with its clocks, latest version and sanction flag (the lists attach them)."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = _kind(read_only=True)
    status = _status(read_only=True)
    latest_version = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    sanction_flag = serializers.SerializerMethodField()

    def get_latest_version(self, obj) -> DossierLatestVersionSerializer(allow_null=True):
        version = getattr(obj, "api_latest", None)
        if version is None:
            return None
        return DossierLatestVersionSerializer(version).data

    def get_clocks(self, obj) -> DossierClockSerializer(many=True):
        return DossierClockSerializer(getattr(obj, "api_clocks", []), many=True).data

    def get_sanction_flag(self, obj) -> DossierSanctionFlagSerializer(allow_null=True):
        flag = getattr(obj, "api_flag", None)
        return DossierSanctionFlagSerializer(flag).data if flag else None


DOSSIER_FIELDS = [
    "id",
    "reference",
    "organization",
    "organization_name",
    "kind",
    "status",
    "first_submitted_at",
    "last_filed_at",
    "created_at",
    "updated_at",
    "latest_version",
    "clocks",
    "sanction_flag",
]


class DossierSerializer(_DossierBase):
    """A dossier as its organisation sees it in a list."""

    class Meta:
        model = Dossier
        fields = DOSSIER_FIELDS
        read_only_fields = fields


class DossierDetailSerializer(_DossierBase):
    """A dossier with everything the detail page shows (``api.describe`` fills the extras)."""

    answers = serializers.JSONField(read_only=True, source="api_answers")
    sections = DossierSectionSerializer(many=True, read_only=True, source="api_sections")
    requirement = DossierRequirementSerializer(read_only=True, source="api_requirement")
    missing = DossierMissingSerializer(many=True, read_only=True, source="api_missing")
    editable = serializers.BooleanField(read_only=True, source="api_editable")
    can_submit = serializers.BooleanField(read_only=True, source="api_can_submit")
    open_completion_request = serializers.IntegerField(
        read_only=True, allow_null=True, source="api_completion_request"
    )
    pending_changes = DossierRegisterChangeSerializer(
        many=True, read_only=True, source="api_pending"
    )
    enclosures = DossierEnclosureSerializer(many=True, read_only=True)
    versions = DossierVersionSerializer(many=True, read_only=True, source="api_versions")
    review_events = DossierReviewEventSerializer(many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            *DOSSIER_FIELDS,
            "answers",
            "sections",
            "requirement",
            "missing",
            "editable",
            "can_submit",
            "open_completion_request",
            "pending_changes",
            "enclosures",
            "versions",
            "review_events",
        ]
        read_only_fields = fields


class RegulatorDossierSerializer(_DossierBase):
    """A filed dossier as the agency sees it in its inbox."""

    organization_tax_code = serializers.CharField(source="organization.tax_code", read_only=True)
    assigned_reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Dossier
        fields = [*DOSSIER_FIELDS, "organization_tax_code", "assigned_reviewer"]
        read_only_fields = fields


class RegulatorDossierDetailSerializer(RegulatorDossierSerializer):
    """A filed dossier with every version, its enclosures and the review so far."""

    versions = DossierVersionSerializer(many=True, read_only=True, source="api_versions")
    review_events = DossierReviewEventSerializer(many=True, read_only=True)
    can_decide = serializers.BooleanField(read_only=True, source="api_can_decide")

    class Meta(RegulatorDossierSerializer.Meta):
        fields = [
            *RegulatorDossierSerializer.Meta.fields,
            "can_decide",
            "versions",
            "review_events",
        ]
        read_only_fields = fields


class DossierDiffRowSerializer(serializers.Serializer):
    section = serializers.CharField()
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    change = _choice(
        "DossierDiffChangeEnum",
        [("added", "added"), ("changed", "changed"), ("removed", "removed")],
    )


class DossierCompareSerializer(serializers.Serializer):
    """The fields that differ between versions ``a`` and ``b``."""

    a = serializers.IntegerField()
    b = serializers.IntegerField()
    rows = DossierDiffRowSerializer(many=True)


# --- dossiers: write -----------------------------------------------------------------------------


class DossierCreateSerializer(serializers.Serializer):
    """Open the organisation's draft of a kind, pre-filled from the organisation and the register."""

    organization = IdField()
    kind = _kind()


def _check_answer(f, value):
    """Return the error for ``value`` as an answer to field ``f`` of the catalogue, or None."""
    if value is None:
        return None if f.kind in ("yesno", "number") else _("Không được để trống giá trị null.")
    if f.kind == "yesno":
        return None if isinstance(value, bool) else _("Cần giá trị true hoặc false.")
    if f.kind == "number":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else _("Cần một số nguyên không âm.")
    if f.kind == "services":
        if not isinstance(value, list) or set(value) - set(ProcessingService.values):
            return _("Cần danh sách dịch vụ hợp lệ (Nghị định 356/2025 Điều 21).")
        return None
    if f.kind == "filer":
        ok = value in ("organization", "individual")
        return None if ok else _("Cần “organization” hoặc “individual”.")
    if not isinstance(value, str):
        return _("Cần một chuỗi ký tự.")
    limit = 500 if f.kind == "line" else 20000
    if len(value) > limit:
        return _("Tối đa %(n)s ký tự.") % {"n": limit}
    return None


class DossierAnswersSerializer(serializers.Serializer):
    """The parts the DPO writes, by key (see ``sections`` of the dossier); send only what changes."""

    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Keys and kinds are listed in the dossier's `sections`.",
    )

    def validate_answers(self, value):
        kind = self.context["kind"]
        errors = {}
        for key, answer in value.items():
            f = FIELDS.get(key)
            if f is None or kind not in f.kinds:
                errors[key] = [_("Hồ sơ loại này không có mục này.")]
                continue
            problem = _check_answer(f, answer)
            if problem:
                errors[key] = [problem]
        if errors:
            raise serializers.ValidationError(errors)
        return value


class DossierEnclosureUploadSerializer(serializers.Serializer):
    category = _category()
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    file = serializers.FileField(help_text="PDF, PNG, JPEG, DOCX, ODT or XLSX, checked by content.")


class DossierSubmitSerializer(serializers.Serializer):
    """The notice's heading: document number, place, signer (left out: taken from the dossier)."""

    document_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    change_reason = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the content changed (Form 03a/03b item 2); required for an update.",
    )


class DossierUpdateSubmitSerializer(DossierSubmitSerializer):
    """An update of an accepted dossier (Form 03a/03b): what changed comes from the diff, why from here."""

    change_reason = serializers.CharField(max_length=5000)


class RegulatorDossierAssignSerializer(serializers.Serializer):
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=regulators(),
        help_text="User id of a reviewer of the agency.",
    )


class RegulatorDossierDecisionSerializer(serializers.Serializer):
    reasons = serializers.CharField(
        max_length=10000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when completion is requested (Decree 356 Art. 18(6), 19(6)).",
    )


def sections_data(kind: str) -> list[dict]:
    """Return the catalogue's sections of ``kind`` as plain data for DossierSectionSerializer."""
    return [
        {
            "code": s.code,
            "title": str(s.title),
            "fields": [
                {
                    "key": f.key,
                    "label": str(f.label),
                    "number": f.numbers.get(kind, ""),
                    "kind": f.kind,
                    "required": f.required,
                }
                for f in s.fields
            ],
        }
        for s in sections_for(kind)
    ]

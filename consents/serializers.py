"""What the DPO's read endpoints answer (consents.staff_api); no plain identifier anywhere."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from pdp_portal.apivalidation import IdField

from .models import Decision, IdentifierKind


class PurposeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label_vi = serializers.CharField()
    label_en = serializers.CharField()
    activity = serializers.IntegerField(source="activity_id", allow_null=True)
    basic_data_types = serializers.ListField(child=serializers.CharField())
    sensitive_data_types = serializers.ListField(child=serializers.CharField())
    marketing = serializers.BooleanField()
    discloses_private_life = serializers.BooleanField()
    valid_months = serializers.IntegerField(
        allow_null=True,
        help_text="How long a consent lasts, in months (Law 91/2025 Art. 9(4)(c)); null: until changed.",
    )


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.IntegerField(source="organization_id")
    version = serializers.IntegerField()
    status = serializers.CharField()
    title_vi = serializers.CharField()
    title_en = serializers.CharField()
    content_hash = serializers.CharField(help_text="SHA-256 of the snapshot; empty for a draft.")
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    purposes = PurposeSerializer(many=True, source="purposes.all")


class NoticeDetailSerializer(NoticeSerializer):
    text_vi = serializers.CharField()
    text_en = serializers.CharField()
    snapshot = serializers.JSONField(help_text="The notice as shown to subjects, frozen.")


class DecisionSerializer(serializers.Serializer):
    purpose = serializers.CharField(source="purpose.code")
    label = serializers.CharField(source="purpose.label_vi")
    notice_version = serializers.IntegerField(source="purpose.notice.version")
    decision = serializers.ChoiceField(choices=Decision.choices)


class RecordSerializer(serializers.Serializer):
    receipt_id = serializers.UUIDField(source="uid")
    organization = serializers.IntegerField(source="organization_id")
    notice_version = serializers.IntegerField(source="notice.version")
    subject_key = serializers.CharField(
        help_text="HMAC-SHA256 of the identifier; never the identifier."
    )
    method = serializers.CharField()
    collection_point = serializers.CharField()
    collected_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
    source = serializers.CharField()
    language = serializers.CharField()
    decisions = DecisionSerializer(many=True, source="decisions.all")


class RecordDetailSerializer(RecordSerializer):
    evidence = serializers.JSONField(help_text="Decree 356/2025 Art. 6(1) evidence of the method.")
    subject_age = serializers.IntegerField(allow_null=True)
    capacity = serializers.CharField()
    representative = serializers.JSONField()
    receipt = serializers.CharField(help_text="Compact JWS (EdDSA) signed with the key of kid.")
    kid = serializers.CharField(source="receipt_kid")
    receipt_payload = serializers.JSONField(help_text="What the signed receipt says.")


class SubjectLookupSerializer(serializers.Serializer):
    organization = IdField(help_text="Organisation id")
    identifier_kind = serializers.ChoiceField(choices=IdentifierKind.choices, default="email")
    identifier = serializers.CharField(
        max_length=254,
        write_only=True,
        help_text="Sent in the body only; the portal computes the subject key and forgets it.",
    )


class HistoryItemSerializer(serializers.Serializer):
    receipt_id = serializers.UUIDField(source="record.uid")
    notice_version = serializers.IntegerField(source="record.notice.version")
    purpose = serializers.CharField(source="purpose.code")
    decision = serializers.ChoiceField(choices=Decision.choices)
    collected_at = serializers.DateTimeField(source="record.collected_at")
    collection_point = serializers.CharField(source="record.collection_point")
    source = serializers.CharField(source="record.source")


class CurrentSerializer(serializers.Serializer):
    purpose = serializers.CharField(source="purpose.code")
    decision = serializers.ChoiceField(choices=Decision.choices)
    receipt_id = serializers.UUIDField(source="record.uid")
    since = serializers.DateTimeField(source="record.collected_at")


class SubjectHistorySerializer(serializers.Serializer):
    subject_key = serializers.CharField()
    current = CurrentSerializer(many=True, help_text="Latest decision per purpose (Art. 9(4)(c)).")
    history = HistoryItemSerializer(many=True, help_text="Every decision, oldest first.")


class StatisticsRowSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="Notice version")
    code = serializers.CharField(help_text="Purpose code")
    label = serializers.CharField()
    label_en = serializers.CharField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="given / refused / withdrawn / expired"
    )


@extend_schema_serializer(many=False)  # one object, though the route is a list route
class StatisticsSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    by_purpose = StatisticsRowSerializer(many=True)


class StatisticsQuery(serializers.Serializer):
    organization = IdField(help_text="Organisation id")


class EvidenceSerializer(serializers.Serializer):
    """The evidence export of one record for a dispute (Decree 356/2025 Art. 6(2))."""

    format = serializers.CharField()
    exported_at = serializers.DateTimeField()
    organization = serializers.JSONField()
    notice = serializers.JSONField(help_text="Version, content hash and the notice as shown.")
    record = serializers.JSONField()
    evidence = serializers.JSONField()
    receipt = serializers.JSONField(help_text="{jws, kid}")
    history = serializers.ListField(child=serializers.JSONField())
    audit = serializers.ListField(
        child=serializers.JSONField(), help_text="Audit events with their inclusion proofs."
    )
    checkpoint = serializers.CharField(allow_null=True, help_text="Latest signed checkpoint.")

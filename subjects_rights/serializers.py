from django.contrib.auth import get_user_model
from rest_framework import serializers

from pdp_portal.apivalidation import (
    BoundedIntegerField,
    CalendarDateTimeField,
    IdField,
    OptionalEmailField,
)
from pdp_portal.clock.serializers import CLOCK_FIELDS, ClockSerializer
from pdp_portal.phones import PhoneSerializerField

from .models import (
    STAFF_CHANNELS,
    Message,
    RefusalGround,
    Relationship,
    RequestType,
    RightsRequest,
    ThirdPartyAction,
)


class RequestClockSerializer(ClockSerializer):
    class Meta(ClockSerializer.Meta):
        # A request's clock also shows the days it was extended by, after its due dates.
        fields = [*CLOCK_FIELDS[:7], "extension_days", *CLOCK_FIELDS[7:]]
        # Its API component has always declared the model's fields writable: kept as published.
        read_only_fields = ()


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["id", "kind", "body", "language", "emailed", "created_at"]


class ThirdPartyActionSerializer(serializers.ModelSerializer):
    deadline = RequestClockSerializer(read_only=True)

    class Meta:
        model = ThirdPartyAction
        fields = [
            "id",
            "party_kind",
            "party_name",
            "description",
            "status",
            "deadline",
            "created_at",
            "done_at",
            "done_note",
        ]


class RightsRequestSerializer(serializers.ModelSerializer):
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True)
    deadlines = serializers.SerializerMethodField()

    class Meta:
        model = RightsRequest
        fields = [
            "id",
            "reference",
            "organization",
            "request_type",
            "status",
            "channel",
            "full_name",
            "email",
            "phone",
            "relationship",
            "description",
            "language",
            "created_at",
            "received_at",
            "responded_at",
            "closed_at",
            "assignee",
            "due_at",
            "extension_days",
            "extension_reason",
            "outcome_note",
            "refusal_ground",
            "refusal_detail",
            "deadlines",
        ]
        read_only_fields = fields

    def get_deadlines(self, obj) -> list[dict]:
        deadlines = getattr(obj, "all_deadlines", None)
        if deadlines is None:
            deadlines = obj.deadlines.order_by("due_at")
        return RequestClockSerializer(deadlines, many=True).data


class RightsRequestDetailSerializer(RightsRequestSerializer):
    messages = MessageSerializer(many=True, read_only=True)
    third_party_actions = ThirdPartyActionSerializer(many=True, read_only=True)

    class Meta(RightsRequestSerializer.Meta):
        fields = [*RightsRequestSerializer.Meta.fields, "messages", "third_party_actions"]
        read_only_fields = fields


class SubjectFieldsSerializer(serializers.Serializer):
    request_type = serializers.ChoiceField(choices=RequestType.choices)
    full_name = serializers.CharField(max_length=200)
    email = OptionalEmailField()
    phone = PhoneSerializerField(required=False, allow_blank=True, default="")
    relationship = serializers.ChoiceField(
        choices=Relationship.choices, required=False, default=Relationship.OTHER
    )
    description = serializers.CharField(max_length=5000)
    language = serializers.ChoiceField(choices=["vi", "en"], required=False, default="vi")


class StaffEntrySerializer(SubjectFieldsSerializer):
    organization = IdField()
    channel = serializers.ChoiceField(choices=[(c.value, c.label) for c in STAFF_CHANNELS])
    received_at = CalendarDateTimeField()


class IntakeSerializer(SubjectFieldsSerializer):
    """A request the organisation's app files for a data subject who is signed in to it."""

    email = serializers.EmailField()
    received_at = CalendarDateTimeField(required=False)


class IntakeResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    tracking_url = serializers.CharField(allow_blank=True)
    deadlines = RequestClockSerializer(many=True)


class AssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), allow_null=True
    )


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)


class ExtendSerializer(serializers.Serializer):
    days = BoundedIntegerField(min_value=1)
    reason = serializers.CharField(max_length=2000)


class ThirdPartySerializer(serializers.Serializer):
    party_kind = serializers.ChoiceField(choices=ThirdPartyAction.PartyKind.choices)
    party_name = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=2000)


class ThirdPartyDoneSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class FulfilSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=10000)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RefuseSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=RefusalGround.choices)
    detail = serializers.CharField(max_length=5000)

from rest_framework import serializers

from .models import Bundle, Inspection, RemediationItem, TeamMember


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = TeamMember
        fields = ["name", "role"]

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.get_username()


class RemediationItemSerializer(serializers.ModelSerializer):
    finding = serializers.IntegerField(source="finding.number", read_only=True)
    finding_description = serializers.CharField(source="finding.description", read_only=True)
    rule = serializers.CharField(source="rule_code", read_only=True)
    due_at = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = RemediationItem
        fields = [
            "id",
            "finding",
            "finding_description",
            "description",
            "period_days",
            "rule",
            "status",
            "due_at",
            "overdue",
            "submitted_at",
            "submitted_note",
            "accepted_at",
            "reopen_reason",
        ]

    def _clock(self, obj):
        return getattr(obj, "clock", None)

    def get_due_at(self, obj) -> str | None:
        clock = self._clock(obj)
        return clock["due"].isoformat() if clock else None

    def get_overdue(self, obj) -> bool:
        clock = self._clock(obj)
        return bool(clock and clock["late"])


class BundleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bundle
        fields = [
            "id",
            "status",
            "progress",
            "size",
            "sha256",
            "requested_at",
            "finished_at",
            "filed_at",
        ]


class InspectionSerializer(serializers.ModelSerializer):
    """An inspection as the inspected organisation sees it (Decree 356 Art. 31)."""

    team = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "reference",
            "organization",
            "kind",
            "ground",
            "contents",
            "requirements",
            "decision_number",
            "decision_date",
            "start_date",
            "period_start",
            "period_end",
            "unscheduled",
            "status",
            "conclusion",
            "notified_at",
            "started_at",
            "findings_issued_at",
            "closed_at",
            "team",
        ]


class InspectionDetailSerializer(InspectionSerializer):
    remediation_items = serializers.SerializerMethodField()
    bundles = serializers.SerializerMethodField()

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "remediation_items", "bundles"]

    def get_remediation_items(self, obj) -> list[dict]:
        return RemediationItemSerializer(self.context["items"], many=True).data

    def get_bundles(self, obj) -> list[dict]:
        return BundleSerializer(self.context["bundles"], many=True).data


class RemediationDoneSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)

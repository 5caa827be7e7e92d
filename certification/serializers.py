from rest_framework import serializers

from .models import Application, Certificate, RevocationGround


class ApplicationSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    services = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "organization",
            "status",
            "services",
            "submitted_at",
            "last_submitted_at",
            "completed_at",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields

    def get_services(self, obj) -> list[dict]:
        return [{"service": s.service, "scope": s.scope} for s in obj.services.all()]


class CertificateSerializer(serializers.ModelSerializer):
    revocation_ground = serializers.CharField(read_only=True)
    replaces = serializers.CharField(source="replaces.number", default="", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "holder_name",
            "holder_tax_code",
            "services",
            "status",
            "issued_at",
            "replaces",
            "revoked_at",
            "revocation_ground",
            "returned_at",
        ]
        read_only_fields = fields


class CertificateNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CertificateMessageSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CertificateGrantSerializer(serializers.Serializer):
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    signer_title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    proposed_by = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CertificateRevokeSerializer(CertificateGrantSerializer):
    # A plain string: the service refuses anything but a ground of Decree 356 Art. 27(1).
    ground = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text=", ".join(RevocationGround.values),
    )
    reason = serializers.CharField(required=False, allow_blank=True)
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    notice = serializers.CharField(required=False, allow_blank=True)

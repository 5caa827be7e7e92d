from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pdp_portal.phones import PhoneSerializerField

from .forms import PROFILE_FIELDS
from .models import Membership, Organization, ProcessingRole, ProtectionContact, Sector


class ProtectionContactSerializer(serializers.ModelSerializer):
    phone = PhoneSerializerField()

    class Meta:
        model = ProtectionContact
        fields = ["id", "kind", "name", "position", "email", "phone", "address", "is_primary"]


class OrganizationSerializer(serializers.ModelSerializer):
    phone = PhoneSerializerField(required=False, allow_blank=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ProcessingRole.choices), required=False
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False
    )
    business_lines = serializers.ListField(
        child=serializers.RegexField(
            r"^\d{2,5}$",
            error_messages={
                "invalid": _("Mã ngành kinh tế Việt Nam gồm 2 đến 5 chữ số."),
            },
        ),
        required=False,
    )
    protection_contacts = ProtectionContactSerializer(many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", *PROFILE_FIELDS, "protection_contacts", "created_at"]
        # Tax code and slug stay writable, as on the edit page; the model's validators and
        # uniqueness checks apply (400 with field errors).
        read_only_fields = ["id", "created_at"]


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.SlugRelatedField(
        source="user",
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
    )

    class Meta:
        model = Membership
        fields = ["id", "username", "role", "created_at"]
        read_only_fields = ["id", "created_at"]

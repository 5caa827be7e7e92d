"""Transfers inside Vietnam under /api/v1/processing-domestic-transfers/ (Decree 356 Art. 7).

The same gates and refusals as every register row (dossiers.api._RegisterViewSet): the user's
organisations only, another's row is 404, writes through dossiers.domestic.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from .api import _register_schema, _RegisterViewSet
from .domestic import DOMESTIC_FIELDS, domestic_transfer_delete, domestic_transfer_save
from .models import DomesticTransfer, ProcessingActivity, Recipient
from .serializers import _choice, _RegisterItemSerializer, data_types_field


class DossierDomesticTransferSerializer(_RegisterItemSerializer):
    """A transfer of personal data to a party in Vietnam (Law 91/2025 Art. 17; Decree 356 Art. 7)."""

    activity = serializers.PrimaryKeyRelatedField(queryset=ProcessingActivity.objects.none())
    recipient = serializers.PrimaryKeyRelatedField(queryset=Recipient.objects.none())
    basic_data_types = data_types_field("basic")
    sensitive_data_types = data_types_field("sensitive")
    legal_basis = _choice(
        "DossierDomesticBasisEnum",
        DomesticTransfer.Basis.choices,
        help_text="Law 91/2025 Art. 17(1)(a)-(e).",
    )
    needs_agreement = serializers.BooleanField(
        read_only=True,
        help_text="Decree 356 Art. 7(1): a transfer under Law Art. 17(1)(a), (c), (d).",
    )
    related_fields = (("activity", ProcessingActivity), ("recipient", Recipient))

    class Meta:
        model = DomesticTransfer
        fields = [
            "id",
            "organization",
            *DOMESTIC_FIELDS,
            "needs_agreement",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "needs_agreement", "created_at", "updated_at"]


@extend_schema(tags=["register"])
@extend_schema_view(**_register_schema("Domestic transfer", DossierDomesticTransferSerializer))
class ProcessingDomesticTransferViewSet(_RegisterViewSet):
    """Transfers of personal data inside Vietnam (Law 91/2025 Art. 17; Decree 356 Art. 7)."""

    serializer_class = DossierDomesticTransferSerializer
    queryset = DomesticTransfer.objects.none()
    model = DomesticTransfer

    def related(self, qs):
        return qs.select_related("activity", "recipient")

    def write(self, *, organization, item, data):
        return domestic_transfer_save(
            actor=self.request.user, organization=organization, transfer=item, **data
        )

    def remove(self, *, organization, item):
        domestic_transfer_delete(actor=self.request.user, organization=organization, transfer=item)

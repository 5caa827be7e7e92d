"""The processing register under /api/v1/: activities, parties, transfers abroad and changes.

Law 91/2025 Art. 20-21; Decree 356 Art. 17, 19 and 20 (the changes that make an update due).
Same gates and refusals as the dossier endpoints (dossiers.api).
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pdp_portal.apivalidation import FileRenderer, OrganizationQuery, query
from pdp_portal.downloads import XLSX, document_response
from pdp_portal.organizations.permissions import (
    CHANGE,
    VIEW,
    get_organization_for_user,
    visible_organizations,
)

from . import services, xlsx
from .api_base import REFUSED, RequiredOrganizationQuery, _id, _run, _valid
from .models import ProcessingActivity, Recipient, RegisterChange, Transfer
from .serializers import (
    DossierActivitySerializer,
    DossierRecipientSerializer,
    DossierRegisterChangeSerializer,
    DossierRegisterImportResultSerializer,
    DossierRegisterImportSerializer,
    DossierTransferSerializer,
)

# --- the register --------------------------------------------------------------------------------


class _RegisterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rows of the register of the user's organisations; writes through the register services."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    model = None

    def rows(self, perm=VIEW):
        return self.model.objects.filter(
            organization__in=visible_organizations(self.request.user, perm).values("pk")
        )

    def related(self, qs):
        return qs

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        qs = self.related(self.rows())
        if self.action == "list" and (organization := query(self.request, OrganizationQuery)):
            qs = qs.filter(organization_id=organization["organization"])
        return qs.order_by("pk")

    def _changeable(self, pk):
        try:
            return self.rows(CHANGE).select_related("organization").get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def _answer(self, item, code=status.HTTP_200_OK) -> Response:
        item = self.related(self.model.objects.filter(pk=item.pk)).get()
        return Response(self.get_serializer(item).data, status=code)

    def write(self, *, organization, item, data):
        raise NotImplementedError

    def remove(self, *, organization, item):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        data = _valid(self.get_serializer_class(), request)
        organization = get_organization_for_user(request.user, data.pop("organization_id"), CHANGE)
        item = _run(lambda: self.write(organization=organization, item=None, data=data))
        return self._answer(item, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self._changeable(kwargs["pk"])
        data = _valid(self.get_serializer_class(), request, instance=item, partial=True)
        data.pop("organization_id", None)
        organization = item.organization
        item = _run(lambda: self.write(organization=organization, item=item, data=data))
        return self._answer(item)

    def destroy(self, request, *args, **kwargs):
        item = self._changeable(kwargs["pk"])
        _run(lambda: self.remove(organization=item.organization, item=item))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _register_schema(noun: str, serializer):
    """Return the schema decorators of one register viewset's standard actions."""
    ident = _id("id", f"{noun} id")
    return {
        "list": extend_schema(parameters=[OrganizationQuery]),
        "retrieve": extend_schema(parameters=[ident]),
        "create": extend_schema(
            request=serializer, responses={201: serializer, 400: REFUSED[400], 404: REFUSED[404]}
        ),
        "partial_update": extend_schema(
            parameters=[ident], request=serializer, responses={200: serializer, **REFUSED}
        ),
        "destroy": extend_schema(
            parameters=[ident], responses={204: None, 404: REFUSED[404], 409: REFUSED[409]}
        ),
    }


@extend_schema(tags=["register"])
@extend_schema_view(**_register_schema("Processing activity", DossierActivitySerializer))
class ProcessingActivityViewSet(_RegisterViewSet):
    """Processing activities of the register (Law 91/2025 Art. 21; Decree 356 Art. 19)."""

    serializer_class = DossierActivitySerializer
    queryset = ProcessingActivity.objects.none()
    model = ProcessingActivity
    renderer_classes = [JSONRenderer, FileRenderer]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def related(self, qs):
        return qs.prefetch_related("recipients", "transfers")

    def write(self, *, organization, item, data):
        recipients = data.pop("recipients", None)
        if "subject_categories" in data:
            data["subject_categories"] = [dict(c) for c in data["subject_categories"]]
        return services.activity_save(
            actor=self.request.user,
            organization=organization,
            activity=item,
            recipients=recipients,
            **data,
        )

    def remove(self, *, organization, item):
        services.activity_delete(actor=self.request.user, organization=organization, activity=item)

    @extend_schema(
        parameters=[RequiredOrganizationQuery],
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        """Return the organisation's whole register as an XLSX workbook."""
        organization = get_organization_for_user(
            request.user, query(request, RequiredOrganizationQuery)["organization"]
        )
        return document_response(
            xlsx.export_register(organization),
            filename=f"so-dang-ky-{organization.tax_code}.xlsx",
            content_type=XLSX,
        )

    @extend_schema(
        request={"multipart/form-data": DossierRegisterImportSerializer},
        responses={200: DossierRegisterImportResultSerializer, 400: REFUSED[400]},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_register(self, request):
        """Add or update the register from a workbook of the export's shape; a bad row keeps nothing."""
        data = _valid(DossierRegisterImportSerializer, request)
        organization = get_organization_for_user(request.user, data["organization"], CHANGE)
        result = _run(
            lambda: xlsx.import_register(
                actor=request.user, organization=organization, upload=data["file"]
            ),
            field="file",
        )
        return Response(
            {"activities": result["a"], "recipients": result["r"], "transfers": result["t"]}
        )


@extend_schema(tags=["register"])
@extend_schema_view(**_register_schema("Party", DossierRecipientSerializer))
class ProcessingRecipientViewSet(_RegisterViewSet):
    """Controllers, processors and third parties of the register (Form 10/09 Part B)."""

    serializer_class = DossierRecipientSerializer
    queryset = Recipient.objects.none()
    model = Recipient

    def related(self, qs):
        return qs.prefetch_related("activities")

    def write(self, *, organization, item, data):
        return services.recipient_save(
            actor=self.request.user, organization=organization, recipient=item, **data
        )

    def remove(self, *, organization, item):
        services.recipient_delete(
            actor=self.request.user, organization=organization, recipient=item
        )


@extend_schema(tags=["register"])
@extend_schema_view(**_register_schema("Transfer", DossierTransferSerializer))
class ProcessingTransferViewSet(_RegisterViewSet):
    """Transfers of personal data abroad (Law 91/2025 Art. 20; Decree 356 Art. 17)."""

    serializer_class = DossierTransferSerializer
    queryset = Transfer.objects.none()
    model = Transfer

    def write(self, *, organization, item, data):
        if "exemption" in data:
            data["exemption"] = data["exemption"] or ""
        return services.transfer_save(
            actor=self.request.user, organization=organization, transfer=item, **data
        )

    def remove(self, *, organization, item):
        services.transfer_delete(actor=self.request.user, organization=organization, transfer=item)


@extend_schema(tags=["register"])
class RegisterChangeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Changes that make a dossier update due (Decree 356 Art. 20): recorded and declared."""

    serializer_class = DossierRegisterChangeSerializer
    queryset = RegisterChange.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RegisterChange.objects.none()
        qs = RegisterChange.objects.filter(
            organization__in=visible_organizations(self.request.user).values("pk")
        )
        if self.action == "list" and (organization := query(self.request, OrganizationQuery)):
            qs = qs.filter(organization_id=organization["organization"])
        return qs.order_by("-occurred_at", "-pk")

    @extend_schema(parameters=[OrganizationQuery])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[_id("id", "Change id")])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=DossierRegisterChangeSerializer,
        responses={201: DossierRegisterChangeSerializer, 400: REFUSED[400], 404: REFUSED[404]},
    )
    def create(self, request, *args, **kwargs):
        """Declare a change (reorganisation, new provider, business lines...): its update clock opens."""
        data = _valid(DossierRegisterChangeSerializer, request)
        organization = get_organization_for_user(request.user, data.pop("organization_id"), CHANGE)
        change = _run(
            lambda: services.change_declare(actor=request.user, organization=organization, **data)
        )
        return Response(
            DossierRegisterChangeSerializer(change).data, status=status.HTTP_201_CREATED
        )

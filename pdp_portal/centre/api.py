"""The privacy centre under /api/v1/: read it, save the draft, publish, unpublish (as the DPO page)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pdp_portal.organizations.api import ORGANIZATION_PK, as_drf_validation_error
from pdp_portal.organizations.permissions import CHANGE, MANAGE, VIEW, get_organization_for_user

from . import services
from .models import TEXT_FIELDS, CentreDraft, CentreVersion


class CentreConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"


class DraftSerializer(serializers.ModelSerializer):
    class Meta:
        model = CentreDraft
        fields = list(TEXT_FIELDS)


class VersionSerializer(serializers.ModelSerializer):
    published_by = serializers.CharField(source="published_by.username", default="")

    class Meta:
        model = CentreVersion
        fields = [
            "number",
            "content",
            "content_hash",
            "published_at",
            "published_by",
            "withdrawn_at",
        ]


class CentreSerializer(serializers.Serializer):
    public_url = serializers.CharField()
    draft = DraftSerializer()
    live = VersionSerializer(allow_null=True)
    versions = VersionSerializer(many=True)


def _centre(request, organization) -> dict:
    from django.urls import reverse

    return CentreSerializer(
        {
            "public_url": request.build_absolute_uri(
                reverse("centre_public:centre", args=[organization.slug])
            ),
            "draft": services.draft_for(organization),
            "live": services.live_version(organization),
            "versions": organization.centre_versions.select_related("published_by")[:50],
        }
    ).data


@extend_schema(parameters=[ORGANIZATION_PK], responses=CentreSerializer)
class CentreViewSet(viewsets.ViewSet):
    """An organisation's privacy centre (Decree 356/2025 Art. 5(1)); staff draft, the DPO publishes."""

    def list(self, request, organization_pk=None):
        """The draft, the live version and the published versions."""
        organization = get_organization_for_user(request.user, organization_pk, VIEW)
        return Response(_centre(request, organization))

    @extend_schema(request=DraftSerializer)
    @action(detail=False, methods=["post"])
    def draft(self, request, organization_pk=None):
        """Save the draft texts (vi and en); the public sees nothing until it is published."""
        organization = get_organization_for_user(request.user, organization_pk, CHANGE)
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.centre_draft_save(
            actor=request.user, organization=organization, texts=dict(serializer.validated_data)
        )
        return Response(_centre(request, organization))

    @extend_schema(request=None)
    @action(detail=False, methods=["post"])
    def publish(self, request, organization_pk=None):
        """Freeze the draft as a new version with its content hash (DPO only)."""
        organization = get_organization_for_user(request.user, organization_pk, MANAGE)
        try:
            services.centre_publish(actor=request.user, organization=organization)
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc
        return Response(_centre(request, organization))

    @extend_schema(request=None)
    @action(detail=False, methods=["post"])
    def unpublish(self, request, organization_pk=None):
        """Withdraw the live version (DPO only); 409 when nothing is published."""
        organization = get_organization_for_user(request.user, organization_pk, MANAGE)
        try:
            services.centre_unpublish(actor=request.user, organization=organization)
        except DjangoValidationError as exc:
            raise CentreConflict({"detail": " ".join(exc.messages)}) from exc
        return Response(_centre(request, organization))


def register(router) -> None:
    router.register(
        r"organizations/(?P<organization_pk>\d+)/centre",
        CentreViewSet,
        basename="organization-centre",
    )

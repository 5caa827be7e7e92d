"""The agency's workspace under /api/v1/filings/: the same list, filters and bulk assignment.

Regulators only (``IsRegulator``: anyone else gets 404, as on the pages). The list is the
workspace's (``regulator_views.inbox_page`` reads the same parameters), so a reviewer's tool and
the page never disagree about what "due soon" or "waiting on the agency" means.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from pdp_portal.apivalidation import IsRegulator
from pdp_portal.organizations.api import as_drf_validation_error
from pdp_portal.organizations.people import regulators

from . import registry, services
from .models import Filing
from .regulator_views import DUE_SOON, filtered_filings


class FilingSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    organization_tax_code = serializers.CharField(source="organization.tax_code", read_only=True)
    assignee = serializers.CharField(
        source="assignee.get_username", read_only=True, allow_null=True, default=None
    )
    url = serializers.CharField(source="regulator_url", read_only=True)

    class Meta:
        model = Filing
        fields = [
            "id",
            "kind",
            "kind_label",
            "reference",
            "title",
            "status",
            "status_label",
            "app_status",
            "organization",
            "organization_name",
            "organization_tax_code",
            "assignee",
            "first_submitted_at",
            "last_submitted_at",
            "agency_due_at",
            "organisation_due_at",
            "url",
        ]
        read_only_fields = fields


class FilingAssignSerializer(serializers.Serializer):
    filings = serializers.PrimaryKeyRelatedField(
        queryset=Filing.objects.all(), many=True, allow_empty=False
    )
    reviewer = serializers.PrimaryKeyRelatedField(queryset=regulators())


class FilingsAssignedSerializer(serializers.Serializer):
    assigned = FilingSerializer(many=True)


_FILTERS = [
    OpenApiParameter(
        "kind", OpenApiTypes.STR, many=True, description="Filing kind (repeat for several)"
    ),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=["agency", *registry.STATUSES],
        description='A common status, or "agency": waiting on the agency',
    ),
    OpenApiParameter(
        "assignee", OpenApiTypes.STR, description='"me", "none" or a reviewer\'s user id'
    ),
    OpenApiParameter(
        "due",
        OpenApiTypes.STR,
        enum=["soon", "overdue", "organisation"],
        description=(
            f"soon: the agency's clock ends within {int(DUE_SOON.total_seconds() // 3600)} hours; "
            "overdue: it has ended; organisation: the organisation's own clock ran out"
        ),
    ),
    OpenApiParameter("org", OpenApiTypes.INT, description="Organisation id"),
    OpenApiParameter("month", OpenApiTypes.STR, description="First filed in this month: YYYY-MM"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Organisation name or tax code"),
]


@extend_schema(tags=["regulator"])
class FilingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Everything filed with the agency, every kind in one list (never a draft)."""

    serializer_class = FilingSerializer
    queryset = Filing.objects.none()
    permission_classes = [IsAuthenticated, IsRegulator]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Filing.objects.none()
        return filtered_filings(self.request)

    @extend_schema(parameters=_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=FilingAssignSerializer, responses=FilingsAssignedSerializer)
    @action(detail=False, methods=["post"])
    def assign(self, request):
        """Assign one reviewer to several filings of any kinds at once (audited; the reviewer
        is told in the portal and by e-mail, in their language)."""
        data = FilingAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            done = services.filings_assign(actor=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc
        rows = Filing.objects.filter(pk__in=[f.pk for f in done]).select_related(
            "organization", "assignee"
        )
        return Response({"assigned": FilingSerializer(rows.order_by("pk"), many=True).data})


def register(router) -> None:
    """Register the workspace's viewset on the /api/v1/ router."""
    router.register("filings", FilingViewSet, basename="filing")

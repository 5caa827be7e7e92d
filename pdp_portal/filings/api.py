"""The agency's workspace under /api/v1/filings/: the same list, filters and bulk assignment.

Regulators only (``IsRegulator``: anyone else gets 404, as on the pages). The list is the
workspace's (``regulator_views.inbox_page`` reads the same parameters), so a reviewer's tool and
the page never disagree about what "due soon" or "waiting on the agency" means.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from pdp_portal.apivalidation import IdField, IsRegulator, query
from pdp_portal.organizations.api import as_drf_validation_error
from pdp_portal.organizations.people import regulators

from . import registry, services
from .filters import MonthField
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


class FilingQuery(serializers.Serializer):
    """The workspace's filters (``regulator_views._filters`` applies them), each checked: a value
    the list does not know is refused, never ignored."""

    kind = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Filing kind (repeat for several)"
    )
    status = serializers.ChoiceField(
        choices=["agency", *registry.STATUSES],
        required=False,
        help_text='A common status, or "agency": waiting on the agency',
    )
    assignee = serializers.RegexField(
        r"^(me|none|[1-9][0-9]{0,17})$",
        required=False,
        help_text='"me", "none" or a reviewer\'s user id',
        error_messages={
            "invalid": gettext_lazy(
                'Người được giao phải là "me", "none" hoặc mã số của một cán bộ.'
            )
        },
    )
    due = serializers.ChoiceField(
        choices=["soon", "overdue", "organisation"],
        required=False,
        help_text=(
            f"soon: the agency's clock ends within {int(DUE_SOON.total_seconds() // 3600)} hours; "
            "overdue: it has ended; organisation: the organisation's own clock ran out"
        ),
    )
    org = IdField(required=False, help_text="Organisation id")
    month = MonthField(required=False, help_text="First filed in this month: YYYY-MM")
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Organisation name or tax code"
    )

    def validate_kind(self, value):
        known = {kind.code for kind in registry.kinds()}
        unknown = [code for code in value if code not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Không có loại hồ sơ %(kinds)s; các loại: %(known)s.")
                % {"kinds": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        return value


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

    @extend_schema(parameters=[FilingQuery])
    def list(self, request, *args, **kwargs):
        query(request, FilingQuery)  # 400 for a filter the list would not understand
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

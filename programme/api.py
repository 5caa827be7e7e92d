"""The obligations of an organisation under /api/v1/organizations/{id}/obligations/."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dossiers.api import _run, _valid
from pdp_portal.messages import render_message
from pdp_portal.organizations.api import ORGANIZATION_PK
from pdp_portal.organizations.permissions import CHANGE, VIEW, get_organization_for_user

from . import services
from .catalogue import CATALOGUE
from .models import ObligationState
from .views import current_states

CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Obligation code, e.g. ai.assessment",
)


class ObligationSerializer(serializers.ModelSerializer):
    basis = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    area = serializers.SerializerMethodField()
    recurrence = serializers.SerializerMethodField()
    evidence_required = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    due_at = serializers.SerializerMethodField()

    class Meta:
        model = ObligationState
        fields = [
            "code",
            "basis",
            "text",
            "area",
            "recurrence",
            "evidence_required",
            "applies",
            "reasons",
            "status",
            "owner",
            "applies_since",
            "stopped_at",
            "done_at",
            "due_at",
        ]
        read_only_fields = fields

    def get_basis(self, obj) -> str:
        return CATALOGUE[obj.code].basis

    def get_text(self, obj) -> str:
        return CATALOGUE[obj.code].text

    def get_area(self, obj) -> str:
        return CATALOGUE[obj.code].area

    def get_recurrence(self, obj) -> str:
        return CATALOGUE[obj.code].recurrence

    def get_evidence_required(self, obj) -> list[str]:
        return [str(kind) for kind in CATALOGUE[obj.code].evidence]

    def get_reasons(self, obj) -> list[str]:
        # In the request's language, like every stored message of the portal.
        return [render_message(r.get("message", ""), r.get("params")) for r in obj.reasons]

    def get_due_at(self, obj) -> str | None:
        if obj.deadline_id is None:
            return None
        return serializers.DateTimeField().to_representation(obj.deadline.effective_due_at)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ObligationState.Status.choices)


@extend_schema_view(
    list=extend_schema(parameters=[ORGANIZATION_PK]),
    retrieve=extend_schema(parameters=[ORGANIZATION_PK, CODE]),
)
class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The catalogue obligations of an organisation: what applies, why, and their status."""

    serializer_class = ObligationSerializer
    queryset = ObligationState.objects.none()  # for the schema; get_queryset() is the real one
    lookup_field = "code"
    lookup_value_regex = r"[a-z_]+\.[a-z_]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ObligationState.objects.none()
        perm = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else CHANGE
        organization = get_organization_for_user(
            self.request.user, self.kwargs["organization_pk"], perm
        )
        current_states(organization)
        return (
            ObligationState.objects.filter(organization=organization)
            .select_related("owner", "deadline")
            .order_by("code")
        )

    @extend_schema(
        request=StatusSerializer,
        responses=ObligationSerializer,
        parameters=[ORGANIZATION_PK, CODE],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, organization_pk=None, code=None):
        """Move the status; `done` without the evidence the article asks for is a 409."""
        state = self.get_object()
        data = _valid(StatusSerializer, request)
        _run(
            lambda: services.obligation_set_status(
                actor=request.user, state=state, status=data["status"]
            )
        )
        return Response(ObligationSerializer(self.get_queryset().get(pk=state.pk)).data)


def register(router) -> None:
    router.register(
        r"organizations/(?P<organization_pk>\d+)/obligations",
        ObligationViewSet,
        basename="organization-obligation",
    )

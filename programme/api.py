"""The obligations of an organisation under /api/v1/organizations/{id}/obligations/."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pdp_portal.messages import render_message
from pdp_portal.organizations.api import ORGANIZATION_PK
from pdp_portal.organizations.permissions import CHANGE, VIEW, get_organization_for_user
from pdp_portal.workflow import run_service, valid_data

from . import services
from .catalogue import CATALOGUE
from .models import AI_SYSTEM_FIELDS, AISystem, HighRiskEntry, ObligationState

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
        data = valid_data(StatusSerializer, request)
        run_service(
            lambda: services.obligation_set_status(
                actor=request.user, state=state, status=data["status"]
            )
        )
        return Response(ObligationSerializer(self.get_queryset().get(pk=state.pk)).data)


# --- the AI register (Decree 356 Art. 10; Law 91/2025 Art. 30) ------------------------------------

SYSTEM_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="System id")


class AISystemSerializer(serializers.ModelSerializer):
    """An AI or automated system; its public notice (page and id) is read-only."""

    activities = serializers.PrimaryKeyRelatedField(
        # The register's activities, reached through the model (programme imports no app).
        many=True,
        queryset=AISystem.activities.field.related_model.objects.none(),
        required=False,
    )
    high_risk_entry = serializers.PrimaryKeyRelatedField(
        queryset=HighRiskEntry.objects.none(), allow_null=True, required=False
    )
    public_url = serializers.SerializerMethodField(
        help_text="The public page that explains the system and offers the opt-out (Art. 10(3))."
    )

    class Meta:
        model = AISystem
        fields = [
            "id",
            *AI_SYSTEM_FIELDS,
            "high_risk",
            "public_id",
            "public_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in AI_SYSTEM_FIELDS]

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            # Rows of the same organisation only: another's id "does not exist".
            self.fields[
                "activities"
            ].child_relation.queryset = organization.processing_activities.all()
            self.fields["high_risk_entry"].queryset = organization.ai_high_risk_list.all()

    def get_public_url(self, obj) -> str:
        from django.urls import reverse

        path = reverse("programme_public:ai_system", args=[obj.organization.slug, obj.public_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema(tags=["programme"])
@extend_schema_view(
    list=extend_schema(parameters=[ORGANIZATION_PK]),
    retrieve=extend_schema(parameters=[ORGANIZATION_PK, SYSTEM_ID]),
    create=extend_schema(parameters=[ORGANIZATION_PK], responses={201: AISystemSerializer}),
    partial_update=extend_schema(parameters=[ORGANIZATION_PK, SYSTEM_ID]),
)
class AISystemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The AI register of an organisation; writes through the programme services, so the
    obligations follow (a first system brings the Art. 10 obligations)."""

    serializer_class = AISystemSerializer
    queryset = AISystem.objects.none()  # for the schema; get_queryset() is the real one
    http_method_names = ["get", "post", "patch", "head", "options"]

    def organization(self):
        """Return the organisation of the URL once per request; 404 if not the user's to use."""
        if not hasattr(self, "_organization"):
            perm = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else CHANGE
            self._organization = get_organization_for_user(
                self.request.user, self.kwargs["organization_pk"], perm
            )
        return self._organization

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AISystem.objects.none()
        return (
            AISystem.objects.filter(organization=self.organization())
            .select_related("organization", "high_risk_entry")
            .prefetch_related("activities")
            .order_by("name", "pk")
        )

    def get_serializer(self, *args, **kwargs):
        if not getattr(self, "swagger_fake_view", False):
            kwargs.setdefault("organization", self.organization())
        return super().get_serializer(*args, **kwargs)

    def _save(self, system=None, *, partial=False):
        organization = self.organization()
        serializer = self.get_serializer(system, data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        activities = data.pop("activities", None)
        if activities is None:
            activities = list(system.activities.all()) if system is not None else []
        return run_service(
            lambda: services.ai_system_save(
                actor=self.request.user,
                organization=organization,
                system=system,
                activities=activities,
                **data,
            )
        )

    def _answer(self, system, code):
        fresh = self.get_queryset().get(pk=system.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        """Add a system to the register (Decree 356 Art. 10)."""
        return self._answer(self._save(), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Change a system; fields left out keep their values."""
        return self._answer(self._save(self.get_object(), partial=True), status.HTTP_200_OK)


def register(router) -> None:
    router.register(
        r"organizations/(?P<organization_pk>\d+)/obligations",
        ObligationViewSet,
        basename="organization-obligation",
    )
    router.register(
        r"organizations/(?P<organization_pk>\d+)/ai-systems",
        AISystemViewSet,
        basename="organization-ai-system",
    )

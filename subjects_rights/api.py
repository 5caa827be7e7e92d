"""Data-subject requests under /api/v1/: every action of the pages, and the filing endpoint."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pdp_portal.apivalidation import OrganizationQuery, query
from pdp_portal.appkeys import AppKeyAuthentication, AppKeyScheme, HasAppKey
from pdp_portal.clock.models import Deadline
from pdp_portal.organizations.api import as_drf_validation_error
from pdp_portal.organizations.permissions import CHANGE, get_organization_for_user
from pdp_portal.workflow import ServiceConflict, valid_data

from . import services
from .models import IntakeKey, RequestType, RightsRequest, Status, ThirdPartyAction
from .permissions import get_request_for_user, visible_requests
from .serializers import (
    AssignSerializer,
    BodySerializer,
    ExtendSerializer,
    FulfilSerializer,
    IntakeResultSerializer,
    IntakeSerializer,
    RefuseSerializer,
    RightsRequestDetailSerializer,
    RightsRequestSerializer,
    StaffEntrySerializer,
    ThirdPartyActionSerializer,
    ThirdPartyDoneSerializer,
    ThirdPartySerializer,
)


def _raise(exc: Exception):
    """Turn a service refusal into an API error: 409 for a status move, 400 for bad input."""
    if isinstance(exc, services.InvalidTransition):
        raise ServiceConflict({"detail": exc.message}) from exc
    if isinstance(exc, services.RightsError):
        raise serializers.ValidationError({exc.field: [exc.message]}) from exc
    if isinstance(exc, DjangoValidationError):
        raise as_drf_validation_error(exc) from exc
    raise exc


class RightsRequestQuery(OrganizationQuery):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    type = serializers.ChoiceField(choices=RequestType.choices, required=False)
    due = serializers.ChoiceField(choices=["overdue"], required=False)


REQUEST_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Request id"
)


def _all_deadlines():
    return Prefetch(
        "deadlines", queryset=Deadline.objects.order_by("due_at"), to_attr="all_deadlines"
    )


class RightsRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests of the user's organisations; every workflow action is a POST on one request."""

    queryset = RightsRequest.objects.none()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return RightsRequestDetailSerializer
        if self.action == "create":
            return StaffEntrySerializer
        return RightsRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RightsRequest.objects.none()
        qs = (
            visible_requests(self.request.user)
            .select_related("organization", "assignee")
            .prefetch_related(_all_deadlines())
        )
        params = query(self.request, RightsRequestQuery) if self.action == "list" else {}
        if "status" in params:
            qs = qs.filter(status=params["status"])
        if "type" in params:
            qs = qs.filter(request_type=params["type"])
        if "organization" in params:
            qs = qs.filter(organization_id=params["organization"])
        now = timezone.now()
        if params.get("due") == "overdue":
            qs = qs.filter(due_at__lt=now)
        return qs.order_by("due_at", "-created_at", "-id")

    @extend_schema(parameters=[RightsRequestQuery])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[REQUEST_ID])
    def retrieve(self, request, pk=None):
        rights_request = self._get(pk)
        services.request_record_view(actor=request.user, request=rights_request)
        return Response(RightsRequestDetailSerializer(rights_request).data)

    @extend_schema(request=StaffEntrySerializer, responses={201: RightsRequestDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Enter a request received by e-mail, post, phone or at the counter (real received time)."""
        data = valid_data(StaffEntrySerializer, request)
        organization = get_organization_for_user(request.user, data.pop("organization"), CHANGE)
        try:
            rights_request, _token, _new = services.request_enter(
                actor=request.user, organization=organization, **data
            )
        except (services.RightsError, DjangoValidationError) as exc:
            _raise(exc)
        return Response(
            RightsRequestDetailSerializer(self._get(rights_request.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def _get(self, pk, perm=None):
        rights_request = get_request_for_user(
            self.request.user, pk, perm or "organizations.view_organization_data"
        )
        return rights_request

    def _run(self, pk, serializer_class, run):
        # Gate first: without the change permission the answer is 404, whatever the body.
        rights_request = get_request_for_user(self.request.user, pk, CHANGE)
        data = valid_data(serializer_class, self.request) if serializer_class else {}
        try:
            result = run(rights_request, data)
        except (services.RightsError, DjangoValidationError) as exc:
            _raise(exc)
        if isinstance(result, ThirdPartyAction):
            return Response(ThirdPartyActionSerializer(result).data)
        return Response(RightsRequestDetailSerializer(self._get(rights_request.pk)).data)

    @extend_schema(
        parameters=[REQUEST_ID], request=AssignSerializer, responses=RightsRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._run(
            pk,
            AssignSerializer,
            lambda r, d: services.request_assign(
                actor=request.user, request=r, assignee=d["assignee"]
            ),
        )

    @extend_schema(
        parameters=[REQUEST_ID], request=BodySerializer, responses=RightsRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._run(
            pk,
            BodySerializer,
            lambda r, d: services.request_respond(actor=request.user, request=r, body=d["body"]),
        )

    @extend_schema(
        parameters=[REQUEST_ID], request=ExtendSerializer, responses=RightsRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._run(
            pk,
            ExtendSerializer,
            lambda r, d: services.request_extend(actor=request.user, request=r, **d),
        )

    @extend_schema(
        parameters=[REQUEST_ID], request=ThirdPartySerializer, responses=ThirdPartyActionSerializer
    )
    @action(detail=True, methods=["post"], url_path="third-party")
    def third_party(self, request, pk=None):
        return self._run(
            pk,
            ThirdPartySerializer,
            lambda r, d: services.request_third_party_add(actor=request.user, request=r, **d),
        )

    @extend_schema(
        parameters=[
            REQUEST_ID,
            OpenApiParameter("action_id", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        request=ThirdPartyDoneSerializer,
        responses=ThirdPartyActionSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"third-party/(?P<action_id>\d+)/done")
    def third_party_done(self, request, pk=None, action_id=None):
        def run(r, d):
            try:
                third_party_action = r.third_party_actions.get(pk=action_id)
            except ThirdPartyAction.DoesNotExist:
                raise Http404 from None
            return services.request_third_party_done(
                actor=request.user, action=third_party_action, note=d["note"]
            )

        return self._run(pk, ThirdPartyDoneSerializer, run)

    @extend_schema(
        parameters=[REQUEST_ID], request=FulfilSerializer, responses=RightsRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        return self._run(
            pk,
            FulfilSerializer,
            lambda r, d: services.request_fulfil(
                actor=request.user, request=r, note=d["note"], files=d["evidence"]
            ),
        )

    @extend_schema(
        parameters=[REQUEST_ID], request=RefuseSerializer, responses=RightsRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._run(
            pk,
            RefuseSerializer,
            lambda r, d: services.request_refuse(actor=request.user, request=r, **d),
        )

    @extend_schema(
        parameters=[REQUEST_ID], request=BodySerializer, responses=RightsRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def message(self, request, pk=None):
        return self._run(
            pk,
            BodySerializer,
            lambda r, d: services.request_message(actor=request.user, request=r, body=d["body"]),
        )

    @extend_schema(parameters=[REQUEST_ID], request=None, responses=RightsRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(
            pk, None, lambda r, d: services.request_withdraw(actor=request.user, request=r)
        )


# --- the filing endpoint of an organisation's own app --------------------------------------------


class IntakeKeyAuthentication(AppKeyAuthentication):
    """``Authorization: Intake <key>``: a filing key of one organisation (see IntakeKey)."""

    model = IntakeKey
    keyword = "Intake"

    def key_used(self, key) -> None:
        IntakeKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())


class HasIntakeKey(HasAppKey):
    model = IntakeKey


class IntakeKeyScheme(AppKeyScheme):
    target_class = "subjects_rights.api.IntakeKeyAuthentication"
    name = "intakeKey"


class RightsIntakeViewSet(viewsets.ViewSet):
    """File a request for a data subject signed in to the organisation's own app.

    Same validation and same clocks as the other channels; the request is received at once (the
    app has identified its user) and the answer carries the tracking link to give them. An
    ``Idempotency-Key`` header makes a retried call return the first request.
    """

    authentication_classes = [IntakeKeyAuthentication]
    permission_classes = [HasIntakeKey]

    @extend_schema(
        request=IntakeSerializer,
        responses={201: IntakeResultSerializer, 200: IntakeResultSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
    )
    def create(self, request):
        serializer = IntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        key: IntakeKey = request.auth
        received_at = data.pop("received_at", None) or timezone.now()
        try:
            rights_request, tracking, created = services.request_enter(
                actor=f"intake:{key.pk}",
                organization=key.organization,
                channel="app",
                received_at=received_at,
                intake_key=key,
                idempotency_key=request.headers.get("Idempotency-Key", "")[:64],
                **data,
            )
        except (services.RightsError, DjangoValidationError) as exc:
            _raise(exc)
        result = {
            "reference": rights_request.reference,
            "status": rights_request.status,
            "tracking_url": services.tracking_url(tracking) if tracking else "",
            "deadlines": rights_request.deadlines.order_by("due_at"),
        }
        return Response(
            IntakeResultSerializer(result).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("rights-requests", RightsRequestViewSet, basename="rights-request")
    router.register("rights-intake", RightsIntakeViewSet, basename="rights-intake")

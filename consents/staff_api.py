"""/api/v1/consents/ for the DPO (session or token): notices, a subject's history, a record with
its receipt, the evidence export, statistics. Organisation-scoped: another organisation's
objects answer 404. A subject is looked up by POSTing the identifier: it never appears in a URL
or a log, and the answers carry only the subject key (HMAC)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pdp_portal.apivalidation import OrganizationQuery, query
from pdp_portal.organizations.api import as_drf_validation_error
from pdp_portal.organizations.permissions import get_organization_for_user, visible_organizations

from . import documents, keys, services
from . import statistics as stats
from .models import ConsentDecision, ConsentRecord, Notice, Purpose
from .permissions import get_notice_for_user, get_record_for_user
from .serializers import (
    EvidenceSerializer,
    NoticeDetailSerializer,
    NoticeSerializer,
    RecordDetailSerializer,
    StatisticsQuery,
    StatisticsSerializer,
    SubjectHistorySerializer,
    SubjectLookupSerializer,
)

UUID_RE = "[0-9a-fA-F-]{36}"
NOTICE_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Notice id")
RECEIPT_ID = OpenApiParameter(
    "uid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Receipt id of the record"
)


def _with_decisions():
    return Prefetch(
        "decisions",
        queryset=ConsentDecision.objects.select_related("purpose__notice").order_by(
            "purpose__position"
        ),
    )


class NoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every notice version of the user's organisations, newest first, with its purposes."""

    serializer_class = NoticeSerializer
    queryset = Notice.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notice.objects.none()
        qs = Notice.objects.filter(
            organization__in=visible_organizations(self.request.user)
        ).prefetch_related(Prefetch("purposes", queryset=Purpose.objects.order_by("position")))
        params = query(self.request, OrganizationQuery)
        if "organization" in params:
            qs = qs.filter(organization_id=params["organization"])
        return qs.order_by("organization_id", "-version")

    @extend_schema(parameters=[OrganizationQuery], responses={200: NoticeSerializer(many=True)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[NOTICE_ID], responses={200: NoticeDetailSerializer})
    def retrieve(self, request, pk=None):
        """One notice version: its texts, purposes and the frozen snapshot with its hash."""
        notice = get_notice_for_user(request.user, pk)
        return Response(NoticeDetailSerializer(notice).data)


class StaffRecordViewSet(viewsets.GenericViewSet):
    """One record with its receipt, and its evidence export; each read is audited."""

    lookup_field = "uid"
    lookup_value_regex = UUID_RE
    serializer_class = RecordDetailSerializer
    queryset = ConsentRecord.objects.none()

    def _get(self, uid) -> ConsentRecord:
        record = get_record_for_user(self.request.user, uid)
        return (
            ConsentRecord.objects.select_related("organization", "notice")
            .prefetch_related(_with_decisions())
            .get(pk=record.pk)
        )

    @extend_schema(parameters=[RECEIPT_ID], responses={200: RecordDetailSerializer})
    def retrieve(self, request, uid=None):
        """The record, its evidence and its signed receipt (with what the receipt says)."""
        record = self._get(uid)
        services.record_view(actor=request.user, record=record, what="view")
        record.receipt_payload = documents.receipt_payload_of(record)
        return Response(RecordDetailSerializer(record).data)

    @extend_schema(parameters=[RECEIPT_ID], responses={200: EvidenceSerializer})
    @action(detail=True, methods=["get"])
    def evidence(self, request, uid=None):
        """The evidence export (JSON): notice as shown, record, receipt, history, audit proofs."""
        record = self._get(uid)
        history = services.subject_decisions(record.organization, record.subject_key)
        services.record_view(actor=request.user, record=record, what="export")
        return Response(documents.evidence(record, history))


class SubjectViewSet(viewsets.GenericViewSet):
    """A subject's consents, found by the identifier sent in the body (never in the URL)."""

    serializer_class = SubjectLookupSerializer
    queryset = ConsentRecord.objects.none()

    @extend_schema(request=SubjectLookupSerializer, responses={200: SubjectHistorySerializer})
    @action(detail=False, methods=["post"])
    def lookup(self, request):
        """Return the subject key, the latest decision per purpose and the whole history."""
        body = SubjectLookupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        organization = get_organization_for_user(request.user, data["organization"])
        try:
            key = keys.subject_key(organization, data["identifier_kind"], data["identifier"])
        except DjangoValidationError as exc:
            raise as_drf_validation_error(
                DjangoValidationError({"identifier": exc.messages})
            ) from exc
        history = list(services.subject_decisions(organization, key))
        services.subject_view(actor=request.user, organization=organization, subject_key=key)
        current = services.current_state(history)
        return Response(
            SubjectHistorySerializer(
                {"subject_key": key, "current": list(current.values()), "history": history}
            ).data
        )


class StatisticsViewSet(viewsets.GenericViewSet):
    """Decisions counted by notice version and purpose (given, refused, withdrawn, expired)."""

    serializer_class = StatisticsSerializer
    queryset = ConsentRecord.objects.none()
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=[StatisticsQuery], responses={200: StatisticsSerializer})
    def list(self, request):
        organization = get_organization_for_user(
            request.user, query(request, StatisticsQuery)["organization"]
        )
        return Response(
            StatisticsSerializer(
                {"organization": organization.pk, "by_purpose": stats.by_purpose(organization)}
            ).data
        )


def register(router) -> None:
    """Register the DPO's read endpoints on the /api/v1/ router."""
    router.register("consents/notices", NoticeViewSet, basename="consent-notice")
    # Same prefix as the property-key viewset (create, batch), which has no detail route.
    router.register("consents/records", StaffRecordViewSet, basename="consent-record-staff")
    router.register("consents/subjects", SubjectViewSet, basename="consent-subject")
    router.register("consents/statistics", StatisticsViewSet, basename="consent-statistics")

"""/api/v1/consents/: an organisation's website or app records consent with a property key.

One record per call (``records/``) or up to 1,000 (``records/batch/``), each with an optional
idempotency key; a batch answers 207-style: one result per item, 201 for a new record, 200 for
a repeated key, 400 with the field and the article for a refused one (nothing stored for it).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pdp_portal.apivalidation import CalendarDateTimeField
from pdp_portal.appkeys import AppKeyAuthentication, AppKeyScheme, HasAppKey
from pdp_portal.organizations.api import as_drf_validation_error
from pdp_portal.phones import PhoneSerializerField

from . import services
from .models import Capacity, CollectionPoint, IdentifierKind, Method, PropertyKey


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A concurrent call used this idempotency key: retry to get its record."
    default_code = "idempotency_conflict"


class PropertyKeyAuthentication(AppKeyAuthentication):
    """``Authorization: Consent <key>``: the key of one website or app of an organisation."""

    model = PropertyKey
    keyword = "Consent"


class HasPropertyKey(HasAppKey):
    model = PropertyKey


class PropertyKeyScheme(AppKeyScheme):
    target_class = "consents.api.PropertyKeyAuthentication"
    name = "consentKey"


class RepresentativeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    relationship = serializers.CharField(max_length=100, required=False)
    child_agreed = serializers.BooleanField(required=False)


class EvidenceSerializer(serializers.Serializer):
    """Decree 356/2025 Art. 6(1): what makes identity, time and content verifiable."""

    ip = serializers.CharField(max_length=64, required=False)
    user_agent = serializers.CharField(max_length=1000, required=False)
    recording_ref = serializers.CharField(max_length=500, required=False)
    phone = PhoneSerializerField(required=False)
    sms_number = serializers.CharField(max_length=30, required=False)
    sms_syntax = serializers.CharField(max_length=160, required=False)
    document_ref = serializers.CharField(max_length=500, required=False)
    description = serializers.CharField(max_length=1000, required=False)


class ConsentRecordInSerializer(serializers.Serializer):
    notice_version = serializers.IntegerField(min_value=1)
    identifier_kind = serializers.ChoiceField(choices=IdentifierKind.choices, default="email")
    identifier = serializers.CharField(max_length=254)
    decisions = serializers.DictField(
        child=serializers.ChoiceField(choices=["given", "refused"]),
        help_text="Purpose code -> given | refused, one per purpose (Law 91/2025 Art. 9(4)(a)).",
    )
    method = serializers.ChoiceField(choices=Method.choices, required=False, allow_blank=True)
    evidence = EvidenceSerializer(required=False)
    collection_point = serializers.ChoiceField(
        choices=CollectionPoint.choices, default=CollectionPoint.WEBSITE
    )
    collected_at = CalendarDateTimeField(required=False)
    language = serializers.ChoiceField(choices=["vi", "en"], default="vi")
    subject_age = serializers.IntegerField(min_value=0, max_value=150, required=False)
    capacity = serializers.ChoiceField(choices=Capacity.choices, default=Capacity.FULL)
    representative = RepresentativeSerializer(required=False)
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ConsentRecordOutSerializer(serializers.Serializer):
    receipt_id = serializers.UUIDField()
    subject_key = serializers.CharField()
    created = serializers.BooleanField()
    receipt = serializers.CharField(help_text="Compact JWS (EdDSA) signed with the key of kid.")
    kid = serializers.CharField()


class BatchInSerializer(serializers.Serializer):
    records = serializers.ListField(child=serializers.DictField(), max_length=services.MAX_BATCH)


class BatchItemSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    status = serializers.IntegerField()
    record = ConsentRecordOutSerializer(required=False)
    errors = serializers.DictField(required=False)


class BatchOutSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = BatchItemSerializer(many=True)


def _out(record, created: bool) -> dict:
    return {
        "receipt_id": str(record.uid),
        "subject_key": record.subject_key,
        "created": created,
        "receipt": record.receipt,
        "kid": record.receipt_kid,
    }


def _actor(key: PropertyKey) -> str:
    return f"consent-key:{key.pk}"


class ConsentRecordViewSet(viewsets.ViewSet):
    """Record consent from the organisation's website or app (never in the page's critical
    path: send it from the server, after answering the visitor; see the README)."""

    authentication_classes = [PropertyKeyAuthentication]
    permission_classes = [HasPropertyKey]

    @extend_schema(
        request=ConsentRecordInSerializer,
        responses={201: ConsentRecordOutSerializer, 200: ConsentRecordOutSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
    )
    def create(self, request):
        serializer = ConsentRecordInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["idempotency_key"] = request.headers.get("Idempotency-Key", "") or data.get(
            "idempotency_key", ""
        )
        key: PropertyKey = request.auth
        try:
            record, created = services.consent_record(
                actor=_actor(key), organization=key.organization, source="api", **data
            )
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc
        except IntegrityError as exc:
            raise Conflict() from exc
        return Response(
            ConsentRecordOutSerializer(_out(record, created)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=BatchInSerializer, responses={200: BatchOutSerializer})
    @action(detail=False, methods=["post"], url_path="batch")
    def batch(self, request):
        """Up to 1,000 records; one result per item, in order."""
        body = BatchInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items, results, parsed = body.validated_data["records"], [], []
        # One serializer checks every item: its fields are built once, not 1,000 times.
        checker = ConsentRecordInSerializer()
        for index, item in enumerate(items):
            try:
                parsed.append((index, dict(checker.run_validation(item))))
            except serializers.ValidationError as exc:
                results.append({"index": index, "status": 400, "errors": exc.detail})
        key: PropertyKey = request.auth
        try:
            stored = services.consent_record_many(
                actor=_actor(key),
                organization=key.organization,
                items=[data for _i, data in parsed],
                source="api",
            )
        except IntegrityError as exc:
            # A concurrent call used one of these idempotency keys: a retry gets its records.
            raise Conflict() from exc
        for (index, _data), (record, created, errors) in zip(parsed, stored, strict=True):
            if errors:
                results.append({"index": index, "status": 400, "errors": errors})
            else:
                results.append(
                    {
                        "index": index,
                        "status": 201 if created else 200,
                        "record": _out(record, created),
                    }
                )
        results.sort(key=lambda r: r["index"])
        return Response(
            {
                "created": sum(1 for r in results if r["status"] == 201),
                "refused": sum(1 for r in results if r["status"] == 400),
                "results": results,
            }
        )


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    from . import staff_api

    router.register("consents/records", ConsentRecordViewSet, basename="consent-record")
    staff_api.register(router)

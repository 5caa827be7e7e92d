"""The clock under /api/v1/clock/: compute a due date (same answer as `manage.py deadline`), rules."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from pdp_portal.apivalidation import BoundedIntegerField, query

from .counting import ClockError, compute, parse_start
from .models import Calendar
from .rules import RULES, UNITS


@extend_schema_field(
    {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]}
)
class StartField(serializers.CharField):
    """An instant with its offset, or a day: documented as the two formats parse_start takes."""


class DueQuerySerializer(serializers.Serializer):
    rule = serializers.ChoiceField(
        choices=sorted(RULES), help_text=_("Mã quy tắc, ví dụ rights.respond")
    )
    start = StartField(
        help_text=_(
            "ISO 8601 có độ lệch múi giờ (2026-03-02T09:30:00+07:00) hoặc một ngày "
            "(00:00 giờ Việt Nam)"
        )
    )
    calendar = serializers.ChoiceField(choices=Calendar.choices, required=False)
    extend = BoundedIntegerField(required=False, min_value=1)
    explain = serializers.BooleanField(required=False, default=False)

    def validate_start(self, value):
        try:
            return parse_start(value)
        except ClockError as error:
            raise serializers.ValidationError(error.message) from None


class StepSerializer(serializers.Serializer):
    date = serializers.DateField()
    counted = serializers.BooleanField()
    kind = serializers.ChoiceField(
        choices=["event", "counted", "skipped", "moved", "due", "extension"]
    )
    reason = serializers.CharField()


class DueSerializer(serializers.Serializer):
    rule = serializers.CharField()
    start = serializers.DateTimeField()
    calendar = serializers.ChoiceField(choices=Calendar.choices)
    due_at = serializers.DateTimeField()
    original_due_at = serializers.DateTimeField()
    extend_days = serializers.IntegerField(allow_null=True)
    basis = serializers.CharField()
    explanation = StepSerializer(many=True, allow_null=True)


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    period = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=UNITS)
    party = serializers.ChoiceField(choices=["organization", "agency"])
    # A plain string: the same choice set under a second name would make a second enum.
    default_calendar = serializers.CharField(help_text="statutory | public_sector")
    max_extension_days = serializers.IntegerField(allow_null=True)
    basis = serializers.CharField()
    basis_vi = serializers.CharField()
    basis_en = serializers.CharField()


class DueView(APIView):
    """Compute the due instant of a rule from a start, as `manage.py deadline` does."""

    @extend_schema(
        operation_id="clock_due",
        parameters=[DueQuerySerializer],
        responses={200: DueSerializer},
        examples=[
            OpenApiExample(
                "rights.access.fulfil",
                value={
                    "rule": "rights.access.fulfil",
                    "start": "2026-03-02T09:30:00+07:00",
                    "calendar": "statutory",
                    "due_at": "2026-03-12T23:59:59+07:00",
                    "original_due_at": "2026-03-12T23:59:59+07:00",
                    "extend_days": None,
                    "basis": "Nghị định 356/2025 Điều 5 khoản 3",
                    "explanation": None,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        # Read as the other lists read theirs: "?calendar=" is a calendar the schema does not
        # have (400), not "the rule's own calendar".
        data = query(request, DueQuerySerializer)
        try:
            result = compute(
                data["rule"],
                data["start"],
                calendar=data.get("calendar"),
                extend_days=data.get("extend"),
            )
        except ClockError as error:
            # Named by the query parameter at fault, so a client knows what to fix.
            raise serializers.ValidationError({error.field: [error.message]}) from None
        answer = result.as_dict(explain=data["explain"])
        answer.setdefault("explanation", None)
        return Response(answer)


class RulesView(APIView):
    """List the rule catalogue with periods, parties, calendars and legal bases."""

    @extend_schema(operation_id="clock_rules", responses={200: RuleSerializer(many=True)})
    def get(self, request):
        rules = [
            {
                "code": rule.code,
                "period": rule.period,
                "unit": rule.unit,
                "party": rule.party,
                "default_calendar": rule.default_calendar,
                "max_extension_days": rule.max_extension_days,
                "basis": rule.basis,
                "basis_vi": rule.basis_vi,
                "basis_en": rule.basis_en,
            }
            for rule in RULES.values()
        ]
        return Response(RuleSerializer(rules, many=True).data)

"""Deadlines under /api/v1/deadlines/ (read only), behind the same gate as the calendar page."""

import django_filters
from django.db.models import F
from django.db.models.functions import Coalesce
from rest_framework import serializers, viewsets

from pdp_portal.apivalidation import IdFilter, StrictFilterSet

from .models import Deadline
from .permissions import visible_deadlines
from .rules import RULES


class DeadlineFilter(StrictFilterSet):
    organization = IdFilter(field_name="organization_id")
    rule = django_filters.ChoiceFilter(choices=[(code, code) for code in sorted(RULES)])
    status = django_filters.ChoiceFilter(choices=Deadline.Status.choices)
    # "state" is the word of the issue; both names filter the same column.
    state = django_filters.ChoiceFilter(field_name="status", choices=Deadline.Status.choices)
    due_before = django_filters.IsoDateTimeFilter(field_name="effective_due", lookup_expr="lte")

    class Meta:
        model = Deadline
        fields = ["organization", "rule", "status", "state", "due_before"]


class DeadlineSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    basis = serializers.SerializerMethodField()
    effective_due_at = serializers.DateTimeField(read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="username", read_only=True)
    subject_type = serializers.SerializerMethodField()
    # Rendered in the request's language (LocaleMiddleware), like every label of the portal.
    label = serializers.CharField(read_only=True)
    provisional = serializers.BooleanField(read_only=True)
    provisional_reasons = serializers.ListField(
        source="provisional_texts", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Deadline
        fields = [
            "id",
            "organization",
            "organization_name",
            "rule",
            "basis",
            "label",
            "party",
            "calendar",
            "status",
            "started_at",
            "due_at",
            "extended_due_at",
            "extension_days",
            "effective_due_at",
            "provisional",
            "provisional_reasons",
            "met_at",
            "breached_at",
            "cancelled_at",
            "responsible",
            "subject_type",
            "object_id",
        ]
        read_only_fields = fields

    def get_basis(self, obj) -> str:
        rule = RULES.get(obj.rule)
        return rule.basis if rule else ""

    def get_subject_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Deadlines of the caller's organisations (and, for regulators, the agency's clocks)."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return (
            visible_deadlines(self.request.user)
            .annotate(effective_due=Coalesce(F("extended_due_at"), F("due_at")))
            .select_related("organization", "responsible", "content_type")
            .order_by("effective_due", "pk")
        )


def register(router) -> None:
    router.register("deadlines", DeadlineViewSet, basename="deadline")

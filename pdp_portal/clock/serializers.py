"""The shape of a statutory clock as the apps' APIs show it beside their records."""

from rest_framework import serializers

from .models import Deadline
from .rules import get_rule

CLOCK_FIELDS = [
    "id",
    "rule",
    "status",
    "started_at",
    "due_at",
    "extended_due_at",
    "effective_due_at",
    "met_at",
    "breached_at",
    "basis",
]


# A clock of one record with the legal basis of its rule (read only). Each app subclasses it under
# its own name, so every API component keeps its owner's name. (No docstring: the API schema would
# show it as the description of every subclass.)
class ClockSerializer(serializers.ModelSerializer):
    effective_due_at = serializers.DateTimeField(read_only=True)
    basis = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = CLOCK_FIELDS
        read_only_fields = CLOCK_FIELDS

    def get_basis(self, obj) -> str:
        return get_rule(obj.rule).basis

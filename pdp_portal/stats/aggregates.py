"""Aggregates the statistics need beyond Django's: the median, computed in the database."""

import statistics

from django.db.models import Aggregate, DurationField


class Median(Aggregate):
    """Return the median of a duration (PostgreSQL's PERCENTILE_CONT; a registered function on SQLite)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, **extra):
        extra.setdefault("output_field", DurationField())
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # The embedded default runs on SQLite, which has no ordered-set aggregates: the
        # connection gets a MEDIAN aggregate written in Python (sqlite_median below).
        return super().as_sql(
            compiler,
            connection,
            function="PDP_MEDIAN",
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


class _SqliteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def sqlite_median(sender, connection, **kwargs):
    """Give each new SQLite connection the PDP_MEDIAN aggregate (signal connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("PDP_MEDIAN", 1, _SqliteMedian)

from contextlib import contextmanager

from django.db import connection

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import audit_record

LEDGER_TABLES = (
    "audit_auditevent",
    "audit_audittreenode",
    "audit_auditcheckpoint",
    "audit_signingkey",
)


def append(n: int, **kwargs) -> list[AuditEvent]:
    return [
        audit_record(
            returning_id=True,
            actor="test",
            action="test.step",
            summary=f"Bước {i}",
            data={"i": i},
            **kwargs,
        )
        for i in range(n)
    ]


@contextmanager
def as_table_owner():
    """Act as someone who owns the tables and switches the append-only triggers off.

    What the ledger must survive is exactly this: a change made below the application, by
    someone with the database's own rights. The test's transaction rolls the switch back.
    """
    with connection.cursor() as cursor:
        for table in LEDGER_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in LEDGER_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")

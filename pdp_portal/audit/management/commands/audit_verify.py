from django.core.management.base import BaseCommand, CommandError

from pdp_portal.audit.services import audit_verify


class Command(BaseCommand):
    help = "Recompute the audit hash chain; print 'OK <n> events' or name the first broken event."

    def handle(self, *args, **options):
        count, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                f"BROKEN at event {broken.event_id}: {broken.reason}; "
                f"{count} events before it verify"
            )
        self.stdout.write(f"OK {count} events")

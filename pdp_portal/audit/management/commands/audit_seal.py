from django.core.management.base import BaseCommand

from pdp_portal.audit.services import audit_seal, latest_checkpoint


class Command(BaseCommand):
    help = "Seal the events not yet in the audit log and sign a checkpoint (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="seal at most this many events")

    def handle(self, *args, **options):
        sealed = audit_seal(limit=options["limit"], force_checkpoint=True)
        checkpoint = latest_checkpoint()
        where = f"; checkpoint {checkpoint.tree_size} {checkpoint.root_hash}" if checkpoint else ""
        self.stdout.write(f"sealed {sealed} events{where}")

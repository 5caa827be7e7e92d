import json

from django.core.management.base import BaseCommand, CommandError

from pdp_portal.audit.models import AuditCheckpoint, AuditEvent
from pdp_portal.audit.services import consistency_proof, inclusion_proof


class Command(BaseCommand):
    help = (
        "Print the inclusion proof of an audit event (JSON), or with --from/--to the "
        "consistency proof between two checkpoints; check it with "
        "`python -m pdp_portal.audit.offline PROOF JWKS`."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", nargs="?", type=int, help="the event's id")
        parser.add_argument(
            "--from", dest="old", type=int, help="tree size of the older checkpoint"
        )
        parser.add_argument("--to", dest="new", type=int, help="tree size of the newer checkpoint")

    def handle(self, *args, **options):
        if options["old"] is not None:
            try:
                old = AuditCheckpoint.objects.get(tree_size=options["old"])
                new = (
                    AuditCheckpoint.objects.get(tree_size=options["new"])
                    if options["new"] is not None
                    else AuditCheckpoint.objects.order_by("-tree_size").first()
                )
            except AuditCheckpoint.DoesNotExist as exc:
                raise CommandError("no checkpoint of that size") from exc
            proof = consistency_proof(old, new)
        else:
            if options["event"] is None:
                raise CommandError("name an event id, or --from SIZE")
            event = AuditEvent.objects.filter(pk=options["event"]).first()
            if event is None:
                raise CommandError(f"no audit event {options['event']}")
            proof = inclusion_proof(event)
            if proof is None:
                raise CommandError(f"event {event.pk} is not sealed into a checkpoint yet")
        self.stdout.write(json.dumps(proof, ensure_ascii=False, indent=2))

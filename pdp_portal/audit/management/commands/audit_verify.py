import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pdp_portal.audit.verify import audit_verify, audit_verify_organization
from pdp_portal.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Verify the audit ledger: every event against its leaf hash, the tree, every signed "
        "checkpoint, and the checkpoints held outside the database (the witness file and any "
        "--checkpoint). Prints 'OK <n> events ...' or names the first event or checkpoint "
        "that does not fit (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a file holding a signed checkpoint (compact JWS), e.g. the agency's copy",
        )
        parser.add_argument(
            "--jwks", metavar="FILE", help="the portal's public keys as kept outside (JWK Set)"
        )
        parser.add_argument(
            "--no-witness", action="store_true", help="do not read the witness file"
        )
        parser.add_argument(
            "--organization", type=int, help="verify only this organisation's events, by proofs"
        )

    def handle(self, *args, **options):
        if options["organization"]:
            organization = Organization.objects.filter(pk=options["organization"]).first()
            if organization is None:
                raise CommandError(f"no organisation {options['organization']}")
            result = audit_verify_organization(organization)
        else:
            external = []
            for name in options["checkpoint"]:
                try:
                    external.append((name, Path(name).read_text(encoding="utf-8").strip()))
                except OSError as exc:
                    raise CommandError(f"cannot read {name}: {exc}") from exc
            key_set = None
            if options["jwks"]:
                key_set = json.loads(Path(options["jwks"]).read_text(encoding="utf-8"))
            result = audit_verify(
                external=external, use_witness=not options["no_witness"], key_set=key_set
            )
        if not result.ok:
            raise CommandError(f"{result.broken}; {result.events} events before it verify")
        line = f"OK {result.events} events"
        line += f", {result.checkpoints} checkpoints"
        if result.external:
            line += f", {result.external} held outside"
        if result.unsealed:
            line += f"; {result.unsealed} waiting to be sealed"
        self.stdout.write(line)

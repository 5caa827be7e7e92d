from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo organisations, users of every role and sample records (each app's demo.seed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any user exists."
        )

    def handle(self, *args, if_empty=False, **options):
        from pdp_portal.organizations.demo import DEMO_PASSWORD

        if get_user_model().objects.exists():
            if if_empty:
                users = (
                    get_user_model()
                    .objects.order_by("pk")
                    .prefetch_related("memberships__organization", "groups")
                )
                self._print_logins([(u.username, _describe(u)) for u in users], DEMO_PASSWORD)
                return
            self.stderr.write("The database already has users; seed_demo only fills an empty one.")
            raise SystemExit(2)
        ctx = {"organizations": [], "logins": [], "users": {}}
        with transaction.atomic():
            # organizations first: every other app's demo builds on its people.
            configs = sorted(apps.get_app_configs(), key=lambda c: c.label != "organizations")
            for config in configs:
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(ctx)
        # One sweep, as beat would do within a minute: the demo's late clocks show as overdue.
        from pdp_portal.clock.services import sweep

        sweep()
        self._print_logins(ctx["logins"], DEMO_PASSWORD)

    def _print_logins(self, logins, password):
        self.stdout.write(
            f"Demo logins (password: {password}; each asks to set up two-factor login on first use):"
        )
        for username, role in logins:
            self.stdout.write(f"  {username:<10} {role}")


def _describe(user) -> str:
    parts = []
    if user.is_superuser:
        parts.append("quản trị hệ thống / administrator")
    parts += [f"{m.role} · {m.organization.name}" for m in user.memberships.all()]
    if any(g.name == "Regulator" for g in user.groups.all()):
        parts.append("cơ quan chuyên trách / regulator")
    return "; ".join(parts)

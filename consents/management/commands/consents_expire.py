"""Run the consent sweeps once: expiries due (Law 91/2025 Art. 9(4)(c)) and expired links."""

from django.core.management.base import BaseCommand

from consents import access, expiry


class Command(BaseCommand):
    help = "Record the expiry of consents whose stated period ended; delete expired subject links."

    def handle(self, *args, **options):
        expired = expiry.expire_due()
        links = access.access_sweep()
        self.stdout.write(f"expired={expired} links_deleted={links}")

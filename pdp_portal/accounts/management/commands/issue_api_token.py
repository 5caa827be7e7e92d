from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from pdp_portal.audit.services import audit_record


class Command(BaseCommand):
    help = "Print the API token of USERNAME (created if missing; --rotate replaces it)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Revoke the current token and issue a new one."
        )

    def handle(self, *args, username, rotate, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}", returncode=2)
        with transaction.atomic():
            if rotate:
                Token.objects.filter(user=user).delete()
            token, created = Token.objects.get_or_create(user=user)
            if created:
                audit_record(
                    actor="system:issue_api_token",
                    action="auth.api_token_issued",
                    obj=user,
                    message=gettext_noop("Cấp mã API cho %(user)s"),
                    params={"user": user.get_username()},
                )
        self.stdout.write(token.key)

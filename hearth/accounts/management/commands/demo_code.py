import base64
import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import hotp

from hearth.accounts import pseudonyms
from hearth.accounts.demo import DEMO_TOTP_SECRET
from hearth.accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-step code of a demo staff account (demo key only)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("pseudonym")

    def handle(self, *args: object, **options: str) -> None:
        user = User.objects.filter(pseudonym_token=pseudonyms.token(options["pseudonym"])).first()
        if user is None or not hasattr(user, "totp") or user.totp.secret != DEMO_TOTP_SECRET:
            raise CommandError("Only demo staff accounts with the demo key have printable codes.")
        self.stdout.write(f"{hotp(base64.b32decode(DEMO_TOTP_SECRET), int(time.time()) // 30):06d}")

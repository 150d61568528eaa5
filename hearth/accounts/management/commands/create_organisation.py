import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction

from hearth.accounts import passphrase, pseudonyms
from hearth.accounts.actions import do_create_user
from hearth.accounts.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Create an organisation and its first admin. The passphrase is read from standard input "
        "(or asked for on a terminal); the admin enrols two-step sign-in at first sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The organisation's name (seen by staff only)")
        parser.add_argument("--admin", required=True, help="The first admin's pseudonym")
        parser.add_argument(
            "--discreet-title", default="Notes", help="Neutral page title for members"
        )

    def handle(self, *args: object, **options: str) -> None:
        secret = (
            getpass.getpass("Passphrase: ")
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\n")
        )
        found = pseudonyms.problems(options["admin"]) + passphrase.problems(
            secret, pseudonym=options["admin"]
        )
        if found:
            raise CommandError(" ".join(found))
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(
                    name=options["name"], discreet_title=options["discreet_title"]
                )
                do_create_user(organisation, options["admin"], secret, role=User.Role.ADMIN)
        except (IntegrityError, ValidationError):
            raise CommandError("That pseudonym is taken. Nothing was created.") from None
        self.stdout.write(f"Created organisation {organisation.id} with its first admin.")

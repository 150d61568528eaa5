from django.core.management.base import BaseCommand, CommandParser

from hearth.accounts.demo import CAST, DEMO_PASSPHRASE, DEMO_TOTP_SECRET, seed_demo
from hearth.groups.demo import seed_demo_group


class Command(BaseCommand):
    help = "Create the demo organisation, its cast and a demo group (idempotent); print sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: object, **options: str) -> None:
        organisation = seed_demo()
        _group, token = seed_demo_group(organisation)
        self.stdout.write(f"Demo sign-ins (passphrase for all: {DEMO_PASSPHRASE!r}):")
        for name, role, description in CAST:
            self.stdout.write(f"  {name:<8} {role:<12} {description}")
        self.stdout.write(
            f"Staff (fran, ada) also need a two-step code: add key {DEMO_TOTP_SECRET} to an "
            "authenticator app, or run `make code WHO=fran`."
        )
        self.stdout.write(
            f"Try joining the demo group as a newcomer: {options['base_url']}/join/{token}/"
        )

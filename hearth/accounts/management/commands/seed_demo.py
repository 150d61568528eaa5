from django.core.management.base import BaseCommand

from hearth.accounts.demo import DEMO_PASSPHRASE, DEMO_TOTP_SECRET, seed_demo


class Command(BaseCommand):
    help = "Create the demo organisation and its cast (idempotent) and print their sign-ins."

    def handle(self, *args: object, **options: object) -> None:
        cast = seed_demo()
        self.stdout.write(f"Demo sign-ins (passphrase for all: {DEMO_PASSPHRASE!r}):")
        for name, role, description in cast:
            self.stdout.write(f"  {name:<8} {role:<12} {description}")
        self.stdout.write(
            f"Staff (fran, ada) also need a two-step code: add key {DEMO_TOTP_SECRET} to an "
            "authenticator app, or run `make code WHO=fran`."
        )

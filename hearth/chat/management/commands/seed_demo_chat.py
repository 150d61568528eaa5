from django.core.management.base import BaseCommand

from hearth.chat.demo import seed_demo_chat


class Command(BaseCommand):
    help = "Open a chat session in the demo group and schedule a weekly series (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Demo chat: {seed_demo_chat()} sessions created.")

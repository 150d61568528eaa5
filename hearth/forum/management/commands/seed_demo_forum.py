from django.core.management.base import BaseCommand

from hearth.forum.demo import seed_demo_forum


class Command(BaseCommand):
    help = "Add a few threads and a resource to the demo group (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        created = seed_demo_forum()
        self.stdout.write(f"Demo forum: {created} threads created.")

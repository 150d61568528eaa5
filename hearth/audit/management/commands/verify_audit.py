from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.audit.actions import verify_chain
from hearth.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Verify that the audit log's hash chain is intact (and still holds an earlier head)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            help="A head hash printed by an earlier run: it must still be in the chain.",
        )

    def handle(self, *args: object, **options: str) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.first_bad_id} "
                f"after {report.checked} good entries."
            )
        expected = options.get("expect_head")
        if expected and not AuditEntry.objects.filter(hash=expected).exists():
            # The chain verifies but an earlier head is gone: the log was cut and rebuilt.
            raise CommandError("The earlier head hash is no longer in the audit log.")
        # Keep the head hash somewhere else (a ticket, a notebook) and pass it back next time.
        self.stdout.write(f"Audit chain intact: {report.checked} entries. Head: {report.head}")

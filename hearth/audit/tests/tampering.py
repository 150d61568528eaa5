"""Play the database owner who edits the audit log behind the triggers' back."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def bypass_audit_triggers() -> Iterator[Any]:
    """Yield a cursor on which updates and deletes of audit entries are no longer refused.

    Only inside a test's transaction: the trigger comes back when it rolls back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_no_change")
        yield cursor

"""Keep the audit log's head outside the database, and check the log against it every hour.

`verify_audit --expect-head` catches a log that was cut and rebuilt only if someone kept an
earlier head and passes it back. This does it on a schedule: each run verifies the whole chain,
checks that the last head written to the anchor file is still in the log, and appends the new
head. Point `HEARTH_AUDIT_ANCHORS` at storage the database's administrators cannot rewrite (a
different host, an append-only volume) and ship the error log line to whoever is on call.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from hearth.audit.actions import verify_chain
from hearth.audit.models import AuditEntry

log = logging.getLogger("hearth.audit")


@dataclass(frozen=True)
class AnchorCheck:
    ok: bool
    checked: int
    head: str
    problem: str = ""


def last_anchor(path: Path) -> str | None:
    """Return the last head written to the anchor file (None before the first run)."""
    try:
        lines = path.read_text(encoding="ascii").split()
    except FileNotFoundError:
        return None
    # Each line: "<time> <entries> <head>"; the head is the last word of the file.
    return lines[-1] if lines else None


def check_and_anchor(path: Path | None = None) -> AnchorCheck:
    """Verify the chain and the last anchor; append the new head when all is well.

    A broken chain or a missing earlier head is logged as an error (hashes and counts only)
    and nothing is appended, so the next run still compares with the last good head.
    """
    path = path or settings.HEARTH_AUDIT_ANCHORS
    report = verify_chain()
    if not report.ok:
        problem = f"audit chain broken at entry {report.first_bad_id}"
    elif (earlier := last_anchor(path)) and not AuditEntry.objects.filter(hash=earlier).exists():
        problem = f"anchored audit head {earlier[:16]} is no longer in the log"
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="ascii") as anchors:
            anchors.write(f"{timezone.now().isoformat()} {report.checked} {report.head}\n")
        return AnchorCheck(True, report.checked, report.head)
    log.error("audit log check failed: %s", problem)
    return AnchorCheck(False, report.checked, report.head, problem)

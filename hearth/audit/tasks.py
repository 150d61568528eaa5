"""The hourly check of the audit log against the heads kept outside the database."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.audit.anchors import check_and_anchor


@db_periodic_task(crontab(minute="17"))
def anchor_audit_log() -> bool:
    return check_and_anchor().ok

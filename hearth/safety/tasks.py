"""Scheduled safeguarding work on the task queue (huey): the alert clock, review nudges and
expired risk marks.

A periodic sweep rather than one timer per alert: an alert whose timer was lost in a crash or a
restart is still escalated on the next minute.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.safety.actions import escalate_overdue, nudge_waiting_reviews
from hearth.safety.patterns import purge_old_marks


@db_periodic_task(crontab(minute="*"))
def sweep_alerts() -> int:
    return escalate_overdue()


@db_periodic_task(crontab(minute="*"))
def sweep_review_queue() -> int:
    return nudge_waiting_reviews()


@db_periodic_task(crontab(minute="7"))
def sweep_risk_marks() -> int:
    return purge_old_marks()

"""Scheduled forum work: the retention sweep that hard-deletes posts past the group's period."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.forum.actions import purge_expired_posts


@db_periodic_task(crontab(minute="17"))
def sweep_forum_retention() -> int:
    return purge_expired_posts()

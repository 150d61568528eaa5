"""Scheduled chat work: the retention sweep that hard-deletes expired messages."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hearth.chat.actions import purge_expired_messages


@db_periodic_task(crontab(minute="*/5"))
def sweep_chat_retention() -> int:
    return purge_expired_messages()

"""A live chat session in the demo group, open so `make run` can show the room at once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hearth.accounts.demo import seed_demo
from hearth.chat import actions
from hearth.chat.actions import Schedule
from hearth.chat.models import ChatSession
from hearth.groups.access import access_group
from hearth.groups.demo import find_demo_group, person


def seed_demo_chat() -> int:
    """Open one session and schedule a weekly series once; return how many sessions were made."""
    group = find_demo_group(seed_demo())
    if group is None or not group.has_chat or ChatSession.objects.filter(group=group).exists():
        return 0
    fran = access_group(person("fran"), group.id)
    (now,) = actions.check_schedule_sessions(
        fran, Schedule("Drop-in chat", timezone.now() + timedelta(minutes=1), minutes=120)
    )
    actions.check_open_session(fran, now)
    weekly = actions.check_schedule_sessions(
        fran, Schedule("Tuesday evening chat", timezone.now() + timedelta(days=7), 90, 3)
    )
    return 1 + len(weekly)

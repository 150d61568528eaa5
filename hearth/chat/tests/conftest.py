from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.chat import actions
from hearth.chat.actions import Schedule
from hearth.groups.access import access_group


@pytest.fixture
def as_member(cast):
    def found(name: str = "alice"):
        return access_group(getattr(cast, name), cast.circle.id)

    return found


@pytest.fixture
def chat_circle(cast):
    cast.circle.has_chat = True
    cast.circle.save()
    return cast.circle


@pytest.fixture
def session(chat_circle, as_member):
    """An open session in the circle."""
    (made,) = actions.check_schedule_sessions(
        as_member("fran"), Schedule("Tuesday chat", timezone.now() + timedelta(minutes=5))
    )
    actions.check_open_session(as_member("fran"), made)
    return made

import pytest
from django.core.management import call_command

from hearth.chat.models import ChatSession

pytestmark = pytest.mark.django_db


def test_seed_demo_chat_opens_a_room_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo_chat")
    call_command("seed_demo_chat")
    assert ChatSession.objects.filter(state=ChatSession.State.OPEN).count() == 1
    assert ChatSession.objects.count() == 5
    assert "5 sessions created" in capsys.readouterr().out

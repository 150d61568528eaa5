import pytest
from django.core.management import call_command

from hearth.forum.models import Post, Thread, Visibility

pytestmark = pytest.mark.django_db


def test_seed_demo_forum_is_idempotent_and_publishes_through_the_pipeline(capsys):
    call_command("seed_demo")
    call_command("seed_demo_forum")
    call_command("seed_demo_forum")
    assert Thread.objects.count() == 3
    assert not Post.objects.exclude(visibility=Visibility.PUBLISHED).exists()
    assert "3 threads created" in capsys.readouterr().out

"""Items waiting too long nudge the on-duty staff who can moderate their group, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.realtime.events import user_group
from hearth.safety import actions
from hearth.safety.models import ReviewItem
from hearth.safety.tests.test_alerts import on_duty
from hearth.safety.tests.test_review_actions import fake_adapter, hold  # noqa: F401

pytestmark = pytest.mark.django_db
NUDGE = {"type": "notify", "payload": {"type": "review", "link": "/safety/review/"}}


@pytest.fixture
def sent(monkeypatch):
    events = []
    monkeypatch.setattr(
        "hearth.safety.actions.send_event_on_commit",
        lambda groups, event: events.append((sorted(groups), event)),
    )
    return events


def later(minutes):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_waiting_item_nudges_on_duty_moderators_once(cast, fake, sent, settings):
    settings.HEARTH_REVIEW_NUDGE_MINUTES = 30
    on_duty(cast.fran, cast.ada)
    item = hold(cast, fake)
    assert actions.nudge_waiting_reviews(later(29)) == 0 and sent == []
    assert actions.nudge_waiting_reviews(later(31)) == 1
    assert sent == [(sorted([user_group(cast.fran.id), user_group(cast.ada.id)]), NUDGE)]
    assert ReviewItem.objects.get(id=item.id).nudged_at is not None
    assert actions.nudge_waiting_reviews(later(90)) == 0 and len(sent) == 1
    entry = AuditEntry.objects.get(action="safety.review_nudged")
    assert entry.details == {"recipients": 2}


def test_the_setting_sets_the_wait(cast, fake, sent, settings):
    settings.HEARTH_REVIEW_NUDGE_MINUTES = 5
    on_duty(cast.fran)
    hold(cast, fake)
    assert actions.nudge_waiting_reviews(later(6)) == 1


def test_off_duty_stepping_away_and_other_groups_staff_are_not_nudged(cast, fake, sent):
    from hearth.lib.testing.cast import make_group

    on_duty(cast.fran, stepping_away=True)
    other = make_group(cast.ada, "Ada's own group")
    hold(cast, fake, group=other)
    hold(cast, fake)
    # Nobody could hear about the circle's item: it waits for someone to come on duty.
    assert actions.nudge_waiting_reviews(later(31)) == 0
    assert sent == []
    on_duty(cast.ada)
    assert actions.nudge_waiting_reviews(later(32)) == 2
    assert all(groups == [user_group(cast.ada.id)] for groups, _e in sent)


def test_an_item_someone_is_handling_does_not_nudge(cast, fake, sent):
    on_duty(cast.ada)
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    ReviewItem.objects.filter(id=item.id).update(claimed_at=later(30))
    assert actions.nudge_waiting_reviews(later(31)) == 0
    # The claim went stale (the tab was closed): now it nudges.
    assert actions.nudge_waiting_reviews(later(30 + actions.CLAIM_MINUTES + 1)) == 1


def test_decided_items_never_nudge(cast, fake, sent):
    on_duty(cast.fran)
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    actions.check_approve_review_item(cast.fran, item, None)
    assert actions.nudge_waiting_reviews(later(120)) == 0


def test_the_review_sweep_is_a_registered_periodic_task(cast, fake, sent):
    from hearth.safety import tasks

    on_duty(cast.fran)
    item = hold(cast, fake)
    ReviewItem.objects.filter(id=item.id).update(created_at=timezone.now() - timedelta(hours=1))
    assert tasks.sweep_review_queue.call_local() == 1
    assert sent == [([user_group(cast.fran.id)], NUDGE)]

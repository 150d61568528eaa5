from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.forum import actions as forum_actions
from hearth.forum.actions import Draft
from hearth.groups.access import access_group
from hearth.safety import patterns
from hearth.safety.models import Alert, RiskMark
from hearth.safety.pipeline import assess

pytestmark = pytest.mark.django_db

# Each MEDIUM for suicide and self-harm on its own, never HIGH (the shipped model's margins).
WORRYING = (
    # The classifier's readings of such lines move with each retraining; these are MEDIUM with
    # round 22's weights ("what is even the point of me" and "I'm running out of reasons to keep
    # trying" now read HIGH, "I feel like giving up on everything" nothing).
    "I feel like everyone would manage fine without me around",
    "I feel like I'm just taking up space",
    "I feel like a burden to everyone",
)


def _pattern_alerts(cast):
    return Alert.objects.filter(kind=Alert.Kind.PATTERN, subject=cast.alice, group=cast.circle)


def _worry(cast, category="suicide_self_harm"):
    return patterns.do_note_worry(cast.circle, cast.alice, [category], "forum_post")


def test_the_third_worrying_message_in_a_day_raises_one_alert_with_a_case(cast):
    assert _worry(cast) is None and _worry(cast) is None
    alert = _worry(cast, "domestic_abuse")
    assert alert is not None and alert.case is not None
    assert alert.categories == ["domestic_abuse", "suicide_self_harm"]
    # More worrying messages in the same window do not alert again.
    assert _worry(cast) is None
    assert _pattern_alerts(cast).count() == 1


def test_marks_older_than_the_window_do_not_count_and_are_deleted(cast):
    old = timezone.now() - patterns.PATTERN_WINDOW - timedelta(minutes=1)
    RiskMark.objects.bulk_create(
        [RiskMark(group=cast.circle, user=cast.alice, category="suicide_self_harm", at=old)] * 2
    )
    assert _worry(cast) is None
    assert RiskMark.objects.filter(user=cast.alice).count() == 1
    assert not _pattern_alerts(cast).exists()


def test_marks_are_per_member_and_per_group(cast):
    _worry(cast)
    _worry(cast)
    patterns.do_note_worry(cast.circle, cast.bob, ["suicide_self_harm"], "forum_post")
    patterns.do_note_worry(cast.garden, cast.alice, ["suicide_self_harm"], "forum_post")
    assert not Alert.objects.filter(kind=Alert.Kind.PATTERN).exists()


def test_the_sweep_deletes_only_expired_marks(cast):
    _worry(cast)
    later = timezone.now() + patterns.PATTERN_WINDOW + timedelta(minutes=1)
    _worry(cast)
    assert patterns.purge_old_marks(later) == 2
    _worry(cast)
    assert patterns.purge_old_marks() == 0
    assert RiskMark.objects.count() == 1


def test_three_worrying_forum_posts_reach_staff_though_none_alone_would(cast):
    found = access_group(cast.alice, cast.circle.id)
    thread = forum_actions.check_start_thread(found, "Evenings", Draft(body="Hello all")).post
    for words in WORRYING:
        assert assess(words).level == "medium"
        posted = forum_actions.check_post_reply(
            found, thread.thread, Draft(body=words, confirm="send")
        )
        assert not Alert.objects.filter(kind=Alert.Kind.HIGH_RISK, subject=cast.alice).exists()
        assert posted.post is not None
    alert = _pattern_alerts(cast).get()
    assert alert.categories == ["suicide_self_harm"]
    # The marks keep no words: only where, who, which category and when.
    assert {f.name for f in RiskMark._meta.concrete_fields} == {
        "id",
        "group",
        "user",
        "category",
        "at",
    }


def test_softened_talk_of_the_past_leaves_no_mark(cast):
    from hearth.safety.content import do_follow_up, screen

    # Round 21's classifier reads "he used to beat me …, I left two years ago" as nothing at all.
    text = "he used to hit me and lock me in the house. I left him years ago and I am safe now"
    screened = screen(text, cast.circle, author_is_new=False)
    # The model reads abuse; the rules see it is past: MEDIUM, softened.
    assert [(f.category, f.level, f.softened) for f in screened.assessment.findings] == [
        ("domestic_abuse", "medium", True)
    ]
    do_follow_up(
        screened, group=cast.circle, author=cast.alice, kind="forum_post", object_id=cast.alice.id
    )
    assert not RiskMark.objects.exists()

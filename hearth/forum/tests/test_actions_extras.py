from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.forum import actions, actions_extras
from hearth.forum.actions import Draft, PollDraft
from hearth.forum.actions_extras import ResourceDraft
from hearth.forum.models import Poll, PollVote, Reaction, Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(as_member):
    return actions.check_start_thread(as_member(), "Hello", Draft(body="First day here")).post


def test_reaction_toggles_and_never_doubles(as_member, post):
    bob = as_member("bob")
    assert actions_extras.check_toggle_reaction(bob, post, "strength") is True
    assert actions_extras.check_toggle_reaction(bob, post, "me_too") is True
    assert Reaction.objects.filter(post=post).count() == 2
    assert actions_extras.check_toggle_reaction(bob, post, "strength") is False
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["me_too"]


def test_unknown_reaction_is_refused(as_member, post):
    with pytest.raises(ValidationError):
        actions_extras.check_toggle_reaction(as_member("bob"), post, "downvote")
    assert not Reaction.objects.exists()


@pytest.fixture
def poll(as_member):
    posted = actions.check_start_thread(
        as_member(),
        "Meeting time",
        Draft(body="When suits?"),
        PollDraft(question="When?", options=["Morning", "Evening", "Night"]),
    )
    return posted.post.thread.poll


def test_anonymous_vote_keeps_no_voter(as_member, poll):
    option = poll.options.first()
    actions_extras.check_vote(as_member("bob"), poll, [str(option.id)])
    vote = PollVote.objects.get()
    assert vote.voter is None and len(vote.voter_token) == 64
    assert actions_extras.has_voted(poll, as_member("bob"))
    assert not actions_extras.has_voted(poll, as_member("alice"))


def test_second_vote_and_several_choices_in_single_poll_are_refused(as_member, poll):
    first, second, _third = poll.options.all()
    with pytest.raises(ValidationError, match="one choice"):
        actions_extras.check_vote(as_member("bob"), poll, [str(first.id), str(second.id)])
    actions_extras.check_vote(as_member("bob"), poll, [str(first.id)])
    with pytest.raises(ValidationError, match="already"):
        actions_extras.check_vote(as_member("bob"), poll, [str(second.id)])
    assert PollVote.objects.count() == 1


def test_votes_on_closed_polls_or_foreign_options_are_refused(as_member, poll):
    with pytest.raises(ValidationError):
        actions_extras.check_vote(as_member("bob"), poll, ["not-a-uuid"])
    Poll.objects.filter(id=poll.id).update(closes_at=timezone.now() - timedelta(minutes=1))
    poll.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        actions_extras.check_vote(as_member("bob"), poll, [str(poll.options.first().id)])
    assert not PollVote.objects.exists()


def test_facilitator_adds_resources_members_cannot(as_member):
    draft = ResourceDraft(
        kind="link", category="Helplines", title="Refuge", url="https://refuge.org.uk"
    )
    resource = actions_extras.check_add_resource(as_member("fran"), draft)
    assert resource.url == "https://refuge.org.uk"
    with pytest.raises(ValidationError):
        actions_extras.check_add_resource(as_member("alice"), draft)
    assert Resource.objects.count() == 1


@pytest.mark.parametrize(
    "draft",
    [
        ResourceDraft(kind="link", category="C", title="T", url="javascript:alert(1)"),
        ResourceDraft(kind="note", category="C", title="T", note=""),
        ResourceDraft(
            kind="document",
            category="C",
            title="T",
            document=b"MZ\x90",
            document_type="application/pdf",
        ),
        ResourceDraft(
            kind="document", category="C", title="T", document=b"hi", document_type="text/html"
        ),
        ResourceDraft(kind="link", category="", title="T", url="https://a.org"),
    ],
)
def test_bad_resources_are_refused(as_member, draft):
    with pytest.raises(ValidationError):
        actions_extras.check_add_resource(as_member("fran"), draft)
    assert not Resource.objects.exists()


def test_preferences_only_take_the_groups_notes(as_member):
    with pytest.raises(ValidationError):
        actions_extras.check_save_preferences(
            as_member(), open_automatically=True, never_open=["nope"], hidden=[]
        )
    saved = actions_extras.check_save_preferences(
        as_member(), open_automatically=True, never_open=["suicide"], hidden=["abuse"]
    )
    assert saved.never_open == ["suicide"] and saved.hidden == ["abuse"]


def test_forum_settings_are_for_facilitators(as_member):
    with pytest.raises(ValidationError):
        actions_extras.check_save_forum_settings(
            as_member(),
            content_notes=[],
            allow_images=True,
            edit_window_minutes=5,
            milestones=False,
        )
    saved = actions_extras.check_save_forum_settings(
        as_member("fran"),
        content_notes=["grief", "abuse"],
        allow_images=True,
        edit_window_minutes=5,
        milestones=True,
    )
    assert saved.content_notes == ["abuse", "grief"] and saved.allow_images

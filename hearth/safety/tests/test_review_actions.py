"""The review queue's actions: hold, claim-to-handle, approve, edit, reject kindly, escalate."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.groups.models import Membership
from hearth.safety import actions, review
from hearth.safety.models import Alert, Case, ReviewItem
from hearth.safety.review import Reviewable

pytestmark = pytest.mark.django_db

KIND = "test_post"


class FakeAdapter:
    """A content app in miniature: held texts in a dict, decisions recorded for the test."""

    def __init__(self):
        self.texts: dict[uuid.UUID, str] = {}
        self.approved: dict[uuid.UUID, tuple] = {}
        self.rejected: dict[uuid.UUID, tuple] = {}
        self.refuse = False

    def add(self, text: str) -> uuid.UUID:
        object_id = uuid.uuid4()
        self.texts[object_id] = text
        return object_id

    def load(self, object_id):
        text = self.texts.get(object_id)
        return None if text is None else Reviewable(text=text, title="A title", link="/t/1/")

    def approve(self, object_id, actor, text):
        if self.refuse:
            raise ValidationError("The post can no longer be published.")
        self.approved[object_id] = (actor, text)

    def reject(self, object_id, actor, message):
        self.rejected[object_id] = (actor, message)


@pytest.fixture(name="fake")
def fake_adapter():
    adapter = FakeAdapter()
    review.register(KIND, adapter)
    yield adapter
    review.unregister(KIND)


def hold(cast, fake, text="Call me on 07700 900123 please", *, author=None, level="medium", **kw):
    """Hold `text` by bob (by default) in the circle, as a content app would."""
    object_id = fake.add(text)
    return actions.do_hold_for_review(
        group=kw.get("group", cast.circle),
        author=author or cast.bob,
        kind=KIND,
        object_id=object_id,
        level=level,
        categories=kw.get("categories", ["contact_details"]),
        spans=kw.get("spans", [(11, 24)]),
        reasons=["contains a phone number"],
        case=kw.get("case"),
    )


def make_peer_moderator(cast, user):
    Membership.objects.filter(group=cast.circle, user=user).update(role="peer_moderator")


def test_hold_writes_a_pointer_and_findings_and_audits_without_words(cast, fake):
    item = hold(cast, fake)
    assert item.status == "waiting" and item.kind == KIND and item.spans == [[11, 24]]
    assert item.organisation_id == cast.organisation.id and item.author == cast.bob
    entry = AuditEntry.objects.get(action="safety.review_held")
    assert entry.target_id == str(item.id)
    details = str(entry.details)
    assert "07700" not in details and "bob" not in details
    assert entry.details["level"] == "medium"


def test_hold_refuses_an_unregistered_kind_or_a_bad_level(cast, fake):
    with pytest.raises(KeyError):
        actions.do_hold_for_review(
            group=cast.circle,
            author=cast.bob,
            kind="nobody_registered_this",
            object_id=uuid.uuid4(),
            level="high",
            categories=[],
            spans=[],
            reasons=[],
        )
    with pytest.raises(ValueError):
        hold(cast, fake, level="extreme")
    assert not ReviewItem.objects.exists()


def test_a_second_claimer_is_refused_while_the_first_claim_is_fresh(cast, fake):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    with pytest.raises(ValidationError, match="Someone else is handling this"):
        actions.check_claim_review_item(cast.ada, ReviewItem.objects.get(id=item.id))
    assert ReviewItem.objects.get(id=item.id).claimed_by == cast.fran
    # Claiming again is harmless for the holder.
    actions.check_claim_review_item(cast.fran, item)
    assert AuditEntry.objects.filter(action="safety.review_claimed").count() == 2


def test_a_stale_claim_can_be_taken_over(cast, fake):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    ReviewItem.objects.filter(id=item.id).update(
        claimed_at=timezone.now() - timedelta(minutes=actions.CLAIM_MINUTES + 1)
    )
    actions.check_claim_review_item(cast.ada, item)
    assert ReviewItem.objects.get(id=item.id).claimed_by == cast.ada
    with pytest.raises(ValidationError, match="Someone else is handling this"):
        actions.check_approve_review_item(cast.fran, item, None)


def test_release_gives_the_item_back(cast, fake):
    item = hold(cast, fake)
    with pytest.raises(ValidationError):
        actions.check_release_review_item(cast.fran, item)
    actions.check_claim_review_item(cast.fran, item)
    actions.check_release_review_item(cast.fran, item)
    assert ReviewItem.objects.get(id=item.id).claimed_by is None
    actions.check_claim_review_item(cast.ada, item)
    assert AuditEntry.objects.filter(action="safety.review_released").exists()


def test_approve_needs_the_claim_and_publishes_as_written(cast, fake):
    item = hold(cast, fake)
    with pytest.raises(ValidationError, match="Claim"):
        actions.check_approve_review_item(cast.fran, item, None)
    assert fake.approved == {}
    actions.check_claim_review_item(cast.fran, item)
    actions.check_approve_review_item(cast.fran, item, None)
    assert fake.approved == {item.object_id: (cast.fran, None)}
    item.refresh_from_db()
    assert item.status == "approved" and item.decided_by == cast.fran and item.decided_at
    entry = AuditEntry.objects.get(action="safety.review_approved")
    assert entry.details == {"edited": False} and entry.actor_id == cast.fran.id
    with pytest.raises(ValidationError, match="already been decided"):
        actions.check_claim_review_item(cast.ada, item)


def test_approve_with_an_edit_passes_the_edited_text_to_the_content_app(cast, fake):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    with pytest.raises(ValidationError):
        actions.check_approve_review_item(cast.fran, item, "   \n")
    assert ReviewItem.objects.get(id=item.id).status == "waiting" and fake.approved == {}
    actions.check_approve_review_item(cast.fran, item, "Call me on [removed] please")
    assert fake.approved[item.object_id] == (cast.fran, "Call me on [removed] please")
    assert AuditEntry.objects.get(action="safety.review_approved").details == {"edited": True}


def test_a_content_app_refusing_leaves_the_item_waiting(cast, fake):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    fake.refuse = True
    with pytest.raises(ValidationError):
        actions.check_approve_review_item(cast.fran, item, None)
    item.refresh_from_db()
    assert item.status == "waiting" and item.claimed_by == cast.fran
    assert not AuditEntry.objects.filter(action="safety.review_approved").exists()


def test_reject_sends_a_templated_reply_citing_the_clause_stored_sealed(cast, fake):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    actions.check_reject_review_item(
        cast.fran, item, "group_agreement", "2", "canary-review-note-5521"
    )
    actor, message = fake.rejected[item.object_id]
    assert actor == cast.fran
    assert "clause 2 of the group agreement" in message
    assert message.endswith("canary-review-note-5521")
    stored = ReviewItem.objects.get(id=item.id)
    assert stored.status == "rejected" and stored.reply == message
    with connection.cursor() as cursor:
        cursor.execute("SELECT reply FROM safety_reviewitem")
        raw = bytes(cursor.fetchone()[0])
    assert b"canary-review-note-5521" not in raw and b"clause 2" not in raw
    entry = AuditEntry.objects.get(action="safety.review_rejected")
    assert entry.details == {"template": "group_agreement", "clause": 2, "note": True}


def test_reject_templates_without_a_clause_and_with_one_appended(cast, fake):
    first, second = hold(cast, fake), hold(cast, fake)
    for item in (first, second):
        actions.check_claim_review_item(cast.fran, item)
    actions.check_reject_review_item(cast.fran, first, "personal_details", None, None)
    assert fake.rejected[first.object_id][1].startswith(
        "Your post wasn't published because it shared personal details"
    )
    actions.check_reject_review_item(cast.fran, second, "other", 1, "")
    assert fake.rejected[second.object_id][1].endswith("See clause 1 of the group agreement.")


@pytest.mark.parametrize(
    ("template", "clause", "note", "field"),
    [
        ("group_agreement", None, None, "clause"),  # the template needs a clause
        ("group_agreement", "99", None, "clause"),  # no such clause in the agreement
        ("group_agreement", "two", None, "clause"),
        ("made_up", None, None, "template"),
        ("other", None, "x" * 1001, "note"),
    ],
)
def test_bad_reject_input_changes_nothing(cast, fake, template, clause, note, field):
    item = hold(cast, fake)
    actions.check_claim_review_item(cast.fran, item)
    with pytest.raises(ValidationError) as error:
        actions.check_reject_review_item(cast.fran, item, template, clause, note)
    assert field in error.value.message_dict
    stored = ReviewItem.objects.get(id=item.id)
    assert stored.status == "waiting" and stored.reply is None and fake.rejected == {}


def test_escalate_by_a_facilitator_opens_a_case_they_hold_and_keeps_the_content_held(cast, fake):
    item = hold(cast, fake, level="high", categories=["suicide_self_harm"])
    actions.check_claim_review_item(cast.fran, item)
    case = actions.check_escalate_review_item(cast.fran, item)
    stored = ReviewItem.objects.get(id=item.id)
    assert stored.status == "escalated" and stored.case == case and stored.claimed_by is None
    assert case.subject == cast.bob and case.group == cast.circle and case.assignee == cast.fran
    alert = Alert.objects.get(case=case)
    assert alert.kind == "review" and alert.acknowledged_by == cast.fran
    assert fake.approved == {} and fake.rejected == {}
    entry = AuditEntry.objects.get(action="safety.review_escalated")
    assert entry.details == {"case": str(case.id)}
    # Whoever handles the case can settle the held post later.
    actions.check_claim_review_item(cast.ada, stored)
    actions.check_reject_review_item(cast.ada, stored, "crisis", None, None)
    assert "A facilitator will be in touch" in fake.rejected[item.object_id][1]


def test_a_peer_moderator_can_claim_approve_and_escalate(cast, fake):
    make_peer_moderator(cast, cast.alice)
    first, second = hold(cast, fake), hold(cast, fake)
    actions.check_claim_review_item(cast.alice, first)
    actions.check_approve_review_item(cast.alice, first, None)
    assert fake.approved[first.object_id] == (cast.alice, None)
    actions.check_claim_review_item(cast.alice, second)
    case = actions.check_escalate_review_item(cast.alice, second)
    # A peer moderator's concern pages staff like any alert: nobody has taken it yet.
    alert = Alert.objects.get(case=case)
    assert alert.acknowledged_at is None and case.assignee is None
    assert Case.objects.filter(id=case.id, status="open").exists()


def test_people_who_cannot_moderate_the_group_are_refused(cast, fake):
    item = hold(cast, fake)
    for person in (cast.alice, cast.charlie, cast.olga, cast.rita, cast.gina):
        with pytest.raises(ValidationError, match="cannot moderate"):
            actions.check_claim_review_item(person, item)
    assert ReviewItem.objects.get(id=item.id).claimed_by is None


def test_nobody_reviews_their_own_words(cast, fake):
    make_peer_moderator(cast, cast.alice)
    item = hold(cast, fake, author=cast.alice)
    with pytest.raises(ValidationError, match="your own"):
        actions.check_claim_review_item(cast.alice, item)


def test_a_facilitator_demoted_to_member_loses_the_queue(cast, fake):
    from hearth.accounts.models import User

    item = hold(cast, fake)
    User.objects.filter(id=cast.fran.id).update(role="member")
    cast.fran.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.check_claim_review_item(cast.fran, item)

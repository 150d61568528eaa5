"""Check-ins: staff write to a member privately, the member replies; the member's words go
through safeguarding (a silent alert, nothing changes for them); outsiders and other members
see nothing; texts sealed at rest; audit holds ids only; unread notices; the JSON API."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.groups import checkins, erasure
from hearth.groups.access import access_group
from hearth.groups.models import CheckInMessage, Membership
from hearth.groups.queries import groups_with_unread_check_ins
from hearth.lib.testing.cast import signed_in_client
from hearth.safety.models import Alert

pytestmark = pytest.mark.django_db

STAFF_TEXT = "We have missed you; how are things? (staff-canary-4411)"
REPLY = "Things are a bit better this week (reply-canary-8832)"
HIGH_RISK = "I want to kill myself tonight, I have the pills ready"


def _m(cast, name):
    return Membership.objects.get(group=cast.circle, user=getattr(cast, name))


def _found(cast, name="fran"):
    return access_group(getattr(cast, name), cast.circle.id)


def _staff_writes(cast, target="alice", text=STAFF_TEXT):
    return checkins.check_send_check_in(_found(cast), _m(cast, target), text)


def _staff_url(cast, target="alice"):
    return f"/groups/{cast.circle.id}/members/{_m(cast, target).id}/check-in/"


def _member_url(cast):
    return f"/groups/{cast.circle.id}/check-in/"


# --- Actions -------------------------------------------------------------------------------------


def test_staff_write_member_replies_and_staff_who_wrote_are_notified(cast):
    sent = []
    with mock.patch("hearth.groups.checkins.send_event_on_commit") as send:
        send.side_effect = lambda groups, event: sent.append((groups, event))
        first = _staff_writes(cast)
        reply = checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "alice"), REPLY)
    assert first.from_staff and not reply.from_staff
    assert list(CheckInMessage.objects.order_by("created_at")) == [first, reply]
    alice_m = _m(cast, "alice")
    assert sent[0] == (
        [f"u.{cast.alice.id.hex}"],
        {
            "type": "notify",
            "payload": {"type": "check_in", "link": f"/groups/{cast.circle.id}/check-in/"},
        },
    )
    assert sent[1] == (
        [f"u.{cast.fran.id.hex}"],
        {
            "type": "notify",
            "payload": {
                "type": "check_in",
                "link": f"/groups/{cast.circle.id}/members/{alice_m.id}/check-in/",
            },
        },
    )


def test_member_cannot_start_a_check_in_nor_write_in_someone_elses(cast):
    with pytest.raises(ValidationError):
        checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "alice"), REPLY)
    _staff_writes(cast, "bob")
    with pytest.raises(ValidationError):
        checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "bob"), REPLY)


def test_admin_writes_too_but_not_to_staff_and_text_length_is_bounded(cast):
    checkins.check_send_check_in(_found(cast, "ada"), _m(cast, "bob"), "Hello from us.")
    with pytest.raises(ValidationError):
        checkins.check_send_check_in(_found(cast, "ada"), _m(cast, "fran"), "Hello.")
    with pytest.raises(ValidationError):
        _staff_writes(cast, text="   ")
    with pytest.raises(ValidationError):
        _staff_writes(cast, text="x" * 2001)


def test_high_risk_reply_raises_an_alert_and_changes_nothing_for_the_member(cast):
    _staff_writes(cast)
    client = signed_in_client(cast.alice)
    response = client.post(_member_url(cast), {"text": HIGH_RISK})
    assert response.status_code == 302
    alert = Alert.objects.get(source="check_in")
    assert alert.kind == Alert.Kind.HIGH_RISK and alert.subject_id == cast.alice.id
    page = client.get(_member_url(cast)).content.decode()
    # The reply shows like any other; no crisis interstitial, no hint of the alert.
    assert "I want to kill myself tonight" in page
    assert "alert" not in page.lower().replace('role="alert"', "")


def test_safety_word_in_a_reply_raises_a_silent_codeword_alert(cast):
    cast.circle.safety_codeword = "bluebird"
    cast.circle.save(update_fields=["safety_codeword"])
    _staff_writes(cast)
    reply = checkins.check_send_check_in(
        _found(cast, "alice"), _m(cast, "alice"), "Did you see the bluebird today?"
    )
    alert = Alert.objects.get(source="check_in")
    assert alert.kind == Alert.Kind.CODEWORD
    assert CheckInMessage.objects.get(id=reply.id).text == "Did you see the bluebird today?"


def test_ordinary_reply_raises_no_alert(cast):
    _staff_writes(cast)
    checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "alice"), REPLY)
    assert not Alert.objects.filter(source="check_in").exists()


def test_texts_are_sealed_at_rest_and_audit_holds_no_text(cast):
    message = _staff_writes(cast)
    checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "alice"), REPLY)
    signed_in_client(cast.fran).get(_staff_url(cast))
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM groups_checkinmessage")
        raw = b"".join(bytes(row[0]) for row in cursor.fetchall())
    assert b"staff-canary-4411" not in raw and b"reply-canary-8832" not in raw
    assert CheckInMessage.objects.get(id=message.id).text == STAFF_TEXT
    sent = AuditEntry.objects.get(action="group.check_in_sent")
    assert sent.target_id == str(message.id) and sent.actor_id == cast.fran.id
    assert AuditEntry.objects.filter(action="group.check_in_viewed").count() == 1
    dumped = json.dumps([e.details for e in AuditEntry.objects.all()])
    assert "canary" not in dumped


def test_erasing_a_members_content_deletes_their_check_in(cast):
    _staff_writes(cast)
    _staff_writes(cast, "bob")
    checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "alice"), REPLY)
    assert erasure.erase_member_content(cast.circle.id, cast.alice.id) >= 2
    assert not CheckInMessage.objects.filter(membership__user=cast.alice).exists()
    assert CheckInMessage.objects.filter(membership__user=cast.bob).count() == 1


# --- Pages ---------------------------------------------------------------------------------------


def test_pages_staff_write_member_reads_and_replies_staff_shown_as_facilitator(cast):
    fran = signed_in_client(cast.fran)
    response = fran.post(_staff_url(cast), {"text": STAFF_TEXT})
    assert response.status_code == 302
    alice = signed_in_client(cast.alice)
    page = alice.get(_member_url(cast)).content.decode()
    assert "staff-canary-4411" in page and "Facilitator" in page
    assert cast.fran.pseudonym not in page
    assert alice.post(_member_url(cast), {"text": REPLY}).status_code == 302
    staff_page = fran.get(_staff_url(cast)).content.decode()
    assert "reply-canary-8832" in staff_page and "staff-canary-4411" in staff_page


def test_unread_notice_appears_on_home_and_your_groups_then_clears(cast):
    alice = signed_in_client(cast.alice)
    notice = "A facilitator has written to you"
    assert notice not in alice.get(f"/groups/{cast.circle.id}/").content.decode()
    _staff_writes(cast)
    assert notice in alice.get(f"/groups/{cast.circle.id}/").content.decode()
    assert notice in alice.get("/groups/").content.decode()
    assert groups_with_unread_check_ins(cast.alice) == {cast.circle.id}
    # bob was not written to: nothing for him.
    assert (
        notice not in signed_in_client(cast.bob).get(f"/groups/{cast.circle.id}/").content.decode()
    )
    alice.get(_member_url(cast))
    assert notice not in alice.get(f"/groups/{cast.circle.id}/").content.decode()
    assert notice not in alice.get("/groups/").content.decode()


def test_members_page_shows_staff_an_unread_reply_until_they_open_it(cast):
    _staff_writes(cast)
    checkins.check_send_check_in(_found(cast, "alice"), _m(cast, "alice"), REPLY)
    fran = signed_in_client(cast.fran)
    members = f"/groups/{cast.circle.id}/members/"
    assert "data-check-in-reply" in fran.get(members).content.decode()
    assert "data-check-in-reply" not in signed_in_client(cast.bob).get(members).content.decode()
    fran.get(_staff_url(cast))
    assert "data-check-in-reply" not in fran.get(members).content.decode()


def test_members_page_links_absent_members_and_every_member_in_manage(cast):
    Membership.objects.filter(id=_m(cast, "bob").id).update(
        joined_at=timezone.now() - timedelta(days=30)
    )
    page = signed_in_client(cast.fran).get(f"/groups/{cast.circle.id}/members/").content.decode()
    assert _staff_url(cast, "alice") in page and _staff_url(cast, "bob") in page
    assert page.count("data-check-in-link") == 1
    assert (
        _staff_url(cast)
        not in signed_in_client(cast.alice)
        .get(f"/groups/{cast.circle.id}/members/")
        .content.decode()
    )


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "gina", "olga", "rita"])
def test_non_staff_get_404_on_a_members_check_in_like_a_missing_one(cast, who):
    _staff_writes(cast)
    client = signed_in_client(getattr(cast, who))
    assert client.get(_staff_url(cast)).status_code == 404
    assert client.post(_staff_url(cast), {"text": "hi"}).status_code == 404
    missing = f"/groups/{cast.circle.id}/members/00000000-0000-0000-0000-000000000007/check-in/"
    assert client.get(missing).status_code == 404


def test_another_member_sees_only_their_own_empty_check_in(cast):
    _staff_writes(cast)
    page = signed_in_client(cast.bob).get(_member_url(cast)).content.decode()
    assert "staff-canary-4411" not in page
    assert signed_in_client(cast.charlie).get(_member_url(cast)).status_code == 404
    assert signed_in_client(cast.bob).post(_member_url(cast), {"text": REPLY}).status_code == 400
    assert not CheckInMessage.objects.filter(membership__user=cast.bob).exists()


# --- API -----------------------------------------------------------------------------------------


def _api(cast, who):
    return signed_in_client(getattr(cast, who))


def test_api_staff_write_member_reads_replies_and_staff_read(cast):
    alice_m = _m(cast, "alice")
    staff_api = f"/api/groups/{cast.circle.id}/members/{alice_m.id}/check-in"
    member_api = f"/api/groups/{cast.circle.id}/check-in"
    fran, alice = _api(cast, "fran"), _api(cast, "alice")
    sent = fran.post(staff_api, {"text": STAFF_TEXT}, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["author"] == "Facilitator"
    listed = alice.get(member_api).json()
    assert [m["text"] for m in listed] == [STAFF_TEXT]
    assert listed[0]["author"] == "Facilitator" and not listed[0]["mine"]
    assert not CheckInMessage.objects.filter(read_at__isnull=True, from_staff=True).exists()
    replied = alice.post(member_api, {"text": REPLY}, content_type="application/json")
    assert replied.status_code == 201 and replied.json()["mine"]
    seen = fran.get(staff_api).json()
    assert [m["text"] for m in seen] == [STAFF_TEXT, REPLY]
    assert seen[1]["author"] == alice_m.display_name


def test_api_outsiders_and_other_members_get_404(cast):
    alice_m = _m(cast, "alice")
    _staff_writes(cast)
    staff_api = f"/api/groups/{cast.circle.id}/members/{alice_m.id}/check-in"
    for who in ("bob", "charlie", "gina", "olga", "rita"):
        client = _api(cast, who)
        assert client.get(staff_api).status_code == 404
        assert (
            client.post(staff_api, {"text": "hi"}, content_type="application/json").status_code
            == 404
        )
    assert _api(cast, "charlie").get(f"/api/groups/{cast.circle.id}/check-in").status_code == 404
    assert _api(cast, "bob").get(f"/api/groups/{cast.circle.id}/check-in").json() == []

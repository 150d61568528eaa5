import pytest
from django.test import Client

from hearth.groups import actions
from hearth.groups.models import JoinRequest, Membership
from hearth.groups.texts import NOTICE_VERSION
from hearth.lib.testing.cast import NEW_PASSPHRASE, make_group, newcomer_joins, sign_in

pytestmark = pytest.mark.django_db


def test_a_newcomer_joins_through_a_link_creating_an_account_inside_the_flow(cast):
    group = make_group(cast.fran, "Screened", screening_questions="What brings you here?")
    raw = actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    browser = Client()
    opened = browser.get(f"/join/{raw}/")
    assert opened["Location"] == "/join/"
    landing = browser.get("/join/").content.decode()
    assert (
        "Purpose of Screened." in landing
        and "screenshots" in landing
        and "What we collect" in landing
    )
    assert "fran" not in landing  # nothing about who is in the group
    response = browser.post(
        "/join/",
        {
            "pseudonym": "wren",
            "passphrase": NEW_PASSPHRASE,
            "repeat": NEW_PASSPHRASE,
            "display_name": "Wren",
            "answer_0": "I need people who understand.",
            "consent": "on",
        },
    )
    assert response.status_code == 200 and response.content.decode().count("<code>") == 10
    request = JoinRequest.objects.get(group=group)
    assert request.display_name == "Wren" and request.status == "pending"
    assert "Waiting for a facilitator" in browser.get("/groups/").content.decode()
    # Sending the same form again changes nothing.
    again = browser.post("/join/", {"display_name": "Wren", "answer_0": "x", "consent": "on"})
    assert again["Location"] == "/groups/" and JoinRequest.objects.filter(group=group).count() == 1


def test_bad_join_form_keeps_the_answers_and_creates_no_account(cast):
    from hearth.accounts.models import User

    group = make_group(cast.fran, "Screened", screening_questions="What brings you here?")
    raw = actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    before = User.objects.count()
    _browser, response = newcomer_joins(raw, "Moderator", answer_0="my careful answer")
    body = response.content.decode()
    assert (
        response.status_code == 400
        and "mistaken for a staff member" in body
        and "my careful answer" in body
    )
    assert User.objects.count() == before


def test_approved_member_must_accept_the_agreement_then_again_after_a_change(cast):
    member = Client()
    sign_in(member, cast.charlie)
    group = cast.circle
    actions.do_add_membership(
        group, cast.charlie, role="member", display_name="Wren", consent_version=NOTICE_VERSION
    )
    assert member.get(f"/groups/{group.id}/")["Location"] == f"/groups/{group.id}/agreement/"
    page = member.get(f"/groups/{group.id}/agreement/").content.decode()
    assert 'name="version" value="1"' in page
    member.post(f"/groups/{group.id}/agreement/", {"version": "1"})
    assert member.get(f"/groups/{group.id}/").status_code == 200
    actions.check_update_agreement(cast.fran, group, {1: "Kept in the group, always."}, [])
    assert member.get(f"/groups/{group.id}/")["Location"] == f"/groups/{group.id}/agreement/"
    # Accepting an outdated version does not count.
    member.post(f"/groups/{group.id}/agreement/", {"version": "1"})
    assert member.get(f"/groups/{group.id}/")["Location"] == f"/groups/{group.id}/agreement/"


def test_facilitator_approves_from_the_request_page(cast):
    group = make_group(cast.fran, "Screened", screening_questions="Why?")
    invitation = actions.find_invitation(
        actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    )
    request = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["because"], consented=True
    ).join_request
    actions.check_add_concern(cast.fran, group, "watch for the word 'cousin'")
    fran = Client()
    sign_in(fran, cast.fran)
    page = fran.get(f"/groups/{group.id}/requests/{request.id}/").content.decode()
    assert "because" in page and "cousin" in page
    fran.post(f"/groups/{group.id}/requests/{request.id}/", {"decision": "approve"})
    assert Membership.objects.get(group=group, user=cast.charlie).is_active


def test_group_pages_show_the_crisis_resources_and_the_agreement_link(cast):
    cast.circle.crisis_resources = "Call 999 in an emergency\nSamaritans 116 123"
    cast.circle.save()
    member = Client()
    sign_in(member, cast.alice)
    for path in ("", "members/", "agreement/", "my-name/", "leave/"):
        body = member.get(f"/groups/{cast.circle.id}/{path}").content.decode()
        assert "Samaritans 116 123" in body and f"/groups/{cast.circle.id}/agreement/" in body


def test_discreet_mode_shows_the_discreet_group_name(cast):
    member = Client()
    sign_in(member, cast.alice)
    body = member.get(f"/groups/{cast.circle.id}/").content.decode()
    assert "Tuesday circle (discreet)" in body and "<h1>Tuesday circle</h1>" not in body


def test_leaving_ends_access(cast):
    member = Client()
    sign_in(member, cast.alice)
    member.post(f"/groups/{cast.circle.id}/leave/")
    assert member.get(f"/groups/{cast.circle.id}/").status_code == 404
    assert Membership.objects.get(group=cast.circle, user=cast.alice).status == "left"


def test_join_is_rate_limited_per_source(cast, settings):
    raw = actions.check_create_invitation(
        cast.fran, cast.circle, kind="invite", max_uses=100, days=7
    )
    browser = Client()
    browser.get(f"/join/{raw}/")
    responses = [browser.post("/join/", {"display_name": "x"}).status_code for _ in range(31)]
    assert responses[-1] == 429 and 429 not in responses[:30]


def test_an_existing_account_signs_in_from_the_invitation_and_comes_back_to_join(cast):
    from hearth.lib.testing.cast import PASSPHRASE

    group = make_group(cast.fran, "Screened", screening_questions="Why?")
    raw = actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    browser = Client()
    browser.get(f"/join/{raw}/")
    landing = browser.get("/join/").content.decode()
    assert "/account/sign-in/?next=/join/" in landing
    browser.get("/account/sign-in/?next=/join/")
    signed_in = browser.post(
        "/account/sign-in/", {"pseudonym": "charlie", "passphrase": PASSPHRASE}
    )
    assert signed_in["Location"] == "/join/"
    form = browser.get("/join/").content.decode()
    assert 'name="passphrase"' not in form and 'name="display_name"' in form
    browser.post("/join/", {"display_name": "Wren", "answer_0": "because", "consent": "on"})
    assert JoinRequest.objects.get(group=group).user == cast.charlie


def test_an_admin_signs_someone_out_everywhere(cast):
    from hearth.accounts.models import AccountSession
    from hearth.audit.models import AuditEntry

    sign_in(Client(), cast.bob)
    sign_in(Client(), cast.bob)
    admin = Client()
    sign_in(admin, cast.ada)
    admin.post(f"/organisation/people/{cast.bob.id}/sign-out/")
    assert not AccountSession.objects.filter(user=cast.bob, ended_at__isnull=True).exists()
    assert AuditEntry.objects.get(action="org.sessions_ended").details == {"sessions": 2}


def test_opening_screening_answers_is_audited(cast):
    from hearth.audit.models import AuditEntry

    group = make_group(cast.fran, "Screened", screening_questions="Why?")
    invitation = actions.find_invitation(
        actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    )
    request = actions.check_join(
        invitation, cast.charlie, display_name="Wren", answers=["a"], consented=True
    ).join_request
    admin = Client()
    sign_in(admin, cast.ada)
    admin.get(f"/groups/{group.id}/requests/{request.id}/")
    entry = AuditEntry.objects.get(action="group.screening_viewed")
    assert entry.actor_id == cast.ada.id and entry.target_id == str(request.id)


def test_leaving_can_erase_what_the_member_wrote(cast):
    from hearth.groups import erasure

    calls = []
    eraser = erasure.register(lambda g, u: calls.append(u) or 1)
    try:
        member = Client()
        sign_in(member, cast.alice)
        member.post(f"/groups/{cast.circle.id}/leave/", {"erase": "on"})
    finally:
        erasure._erasers.remove(eraser)
    assert calls == [cast.alice.id]


def test_the_facilitator_sees_the_safeguarding_check_of_screening_answers(cast):
    group = make_group(cast.fran, "Screened", screening_questions="Why now?")
    invitation = actions.find_invitation(
        actions.check_create_invitation(cast.fran, group, kind="invite", max_uses=1, days=7)
    )
    request = actions.check_join(
        invitation,
        cast.charlie,
        display_name="Wren",
        answers=["He is hitting me right now and I am scared"],
        consented=True,
    ).join_request
    fran = Client()
    sign_in(fran, cast.fran)
    page = fran.get(f"/groups/{group.id}/requests/{request.id}/").content.decode()
    assert "data-screening-risk" in page and "high" in page


def test_facilitators_see_who_has_been_away_longer_than_the_absence_window(cast):
    from datetime import timedelta

    from django.utils import timezone

    away = timezone.now() - timedelta(days=cast.circle.absence_window_days + 1)
    Membership.objects.filter(group=cast.circle, user=cast.bob).update(last_seen_at=away)
    member = Client()
    sign_in(member, cast.alice)
    member.get(f"/groups/{cast.circle.id}/")
    assert Membership.objects.get(group=cast.circle, user=cast.alice).last_seen_at is not None
    fran = Client()
    sign_in(fran, cast.fran)
    page = fran.get(f"/groups/{cast.circle.id}/members/").content.decode()
    bob_id = str(Membership.objects.get(group=cast.circle, user=cast.bob).id)
    alice_id = str(Membership.objects.get(group=cast.circle, user=cast.alice).id)
    assert page.count("data-absent") == 1
    assert (
        page.index(bob_id) < page.index("data-absent")
        and "data-absent" not in page.split(alice_id)[1].split("data-member")[0]
    )
    # Members never see who is away.
    assert "data-absent" not in member.get(f"/groups/{cast.circle.id}/members/").content.decode()

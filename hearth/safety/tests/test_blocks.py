"""Blocking: who may block whom, the pages to block and unblock, and that it stays private."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEntry
from hearth.groups.models import Membership
from hearth.lib.testing.cast import join_group, sign_in
from hearth.safety import blocks
from hearth.safety.models import Block
from hearth.safety.queries import get_blocked_user_ids, get_my_blocks, is_blocked

pytestmark = pytest.mark.django_db


def membership(cast, user, group=None):
    return Membership.objects.get(group=group or cast.circle, user=user)


def test_member_blocks_a_fellow_member_once(cast):
    first = blocks.check_block(cast.alice, cast.bob)
    assert blocks.check_block(cast.alice, cast.bob).id == first.id
    assert Block.objects.count() == 1 and first.organisation == cast.organisation
    assert get_blocked_user_ids(cast.alice) == {cast.bob.id}
    assert is_blocked(cast.alice, cast.bob) and not is_blocked(cast.bob, cast.alice)
    entry = AuditEntry.objects.get(action="safety.member_blocked")
    assert str(cast.bob.id) not in str(entry.details)


def test_blocking_staff_is_refused_kindly(cast):
    with pytest.raises(ValidationError) as refused:
        blocks.check_block(cast.alice, cast.fran)
    assert "reach everyone" in " ".join(refused.value.messages)
    Membership.objects.filter(group=cast.circle, user=cast.fran).update(role="member")
    with pytest.raises(ValidationError):  # still staff of the organisation
        blocks.check_block(cast.alice, cast.fran)
    assert not Block.objects.exists()


def test_facilitator_of_the_group_cannot_be_blocked_even_without_a_staff_role(cast):
    Membership.objects.filter(group=cast.circle, user=cast.bob).update(role="facilitator")
    with pytest.raises(ValidationError):
        blocks.check_block(cast.alice, cast.bob)


def test_only_fellow_members_can_be_blocked(cast):
    for other in (cast.alice, cast.gina, cast.charlie, cast.olga, cast.rita):
        with pytest.raises(ValidationError):
            blocks.check_block(cast.alice, other)
    with pytest.raises(ValidationError):
        blocks.check_block(cast.fran, cast.alice)  # staff do not block
    assert not Block.objects.exists()


def test_unblock_removes_only_ones_own_block(cast):
    block = blocks.check_block(cast.alice, cast.bob)
    with pytest.raises(ValidationError):
        blocks.check_unblock(cast.bob, block)
    blocks.check_unblock(cast.alice, block)
    assert not Block.objects.exists()


def test_my_blocks_names_people_by_a_shared_group(cast):
    blocks.check_block(cast.alice, cast.bob)
    bob_m = membership(cast, cast.bob)
    bob_m.display_name = "Robin"
    bob_m.save()
    [(block, name)] = get_my_blocks(cast.alice)
    assert block.blocked == cast.bob and name == "Robin"
    Membership.objects.filter(group=cast.circle, user=cast.bob).update(status="left")
    assert get_my_blocks(cast.alice)[0][1] is None


def test_block_page_blocks_and_the_list_page_unblocks(cast, client):
    bob_m = membership(cast, cast.bob)
    sign_in(client, cast.alice)
    url = f"/groups/{cast.circle.id}/members/{bob_m.id}/block/"
    page = client.get(url).content.decode()
    assert "They are not told" in page
    response = client.post(url, {"next": f"/groups/{cast.circle.id}/forum/"})
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{cast.circle.id}/forum/"
    block = Block.objects.get(blocker=cast.alice)
    listing = client.get("/safety/blocks/").content.decode()
    assert str(block.id) in listing and "bob" in listing
    assert client.post("/safety/blocks/", {"unblock": str(block.id)}).status_code == 302
    assert not Block.objects.exists()


def test_block_page_explains_why_a_facilitator_cannot_be_blocked(cast, client):
    fran_m = membership(cast, cast.fran)
    sign_in(client, cast.alice)
    url = f"/groups/{cast.circle.id}/members/{fran_m.id}/block/"
    page = client.get(url).content.decode()
    assert "Facilitators can't be blocked" in page and 'class="button">Block</button>' not in page
    assert client.post(url).status_code == 400
    assert not Block.objects.exists()


def test_someone_elses_block_cannot_be_removed_through_the_page(cast, client):
    block = blocks.check_block(cast.alice, cast.bob)
    join_group(cast.circle, cast.charlie)
    sign_in(client, cast.charlie)
    assert client.post("/safety/blocks/", {"unblock": str(block.id)}).status_code == 404
    assert client.post("/safety/blocks/", {"unblock": "nonsense"}).status_code == 404
    assert Block.objects.exists()


def test_blocked_person_sees_nothing_of_the_block(cast, client):
    blocks.check_block(cast.alice, cast.bob)
    sign_in(client, cast.bob)
    assert "You haven't blocked anyone." in client.get("/safety/blocks/").content.decode()
    members = client.get(f"/groups/{cast.circle.id}/members/").content.decode()
    assert "blocked" not in members.lower()

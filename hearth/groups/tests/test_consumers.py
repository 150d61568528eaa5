import pytest
from asgiref.sync import sync_to_async

from hearth.groups import actions
from hearth.groups.models import Membership
from hearth.lib.testing.sockets import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def _asgi_loaded(transactional_db):
    import hearth.asgi  # noqa: F401


async def _connect(user, group_id):
    return await connect(user, f"/ws/groups/{group_id}/")


async def test_members_connect_and_outsiders_get_not_found(cast):
    communicator, connected, _ = await _connect(cast.alice, cast.circle.id)
    assert connected
    await communicator.disconnect()
    for outsider in (cast.charlie, cast.olga, cast.rita, cast.gina):
        _, connected, code = await _connect(outsider, cast.circle.id)
        assert not connected and code == 4404
    _, connected, code = await _connect(cast.alice, "00000000-0000-0000-0000-000000000000")
    assert not connected and code == 4404


async def test_removing_a_member_closes_their_group_socket_at_once(cast):
    communicator, connected, _ = await _connect(cast.bob, cast.circle.id)
    assert connected
    bob = await sync_to_async(Membership.objects.get)(group=cast.circle, user=cast.bob)
    await sync_to_async(actions.check_remove_member)(
        cast.fran, cast.circle, bob, erase=False, reason="rule 4"
    )
    assert await communicator.receive_output(timeout=10) == {
        "type": "websocket.close",
        "code": 4404,
    }


async def test_agreement_change_is_announced_to_members(cast):
    communicator, connected, _ = await _connect(cast.alice, cast.circle.id)
    await sync_to_async(actions.check_update_agreement)(
        cast.fran, cast.circle, {}, ["One more rule."]
    )
    message = await communicator.receive_json_from(timeout=10)
    assert message == {"type": "group.changed", "group": str(cast.circle.id), "what": "agreement"}
    await communicator.disconnect()

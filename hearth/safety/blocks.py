"""Blocking: a member stops seeing another member's content. The only code that writes blocks.

A block is never visible to the blocked person: nothing they can see changes, no event is
sent, and the audit entry names only the block (staff can look it up when safeguarding needs
it). Staff cannot be blocked (facilitators must always be able to reach members), and staff do
not block (they must see everything in the groups they look after).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.groups.models import Membership
from hearth.safety.models import Block


def _shared_memberships(a: User, b: User) -> list[Membership]:
    """Return `b`'s active memberships in groups where `a` is also an active member."""
    mine = Membership.objects.filter(user=a, status=Membership.Status.ACTIVE).values("group_id")
    return list(
        Membership.objects.filter(user=b, status=Membership.Status.ACTIVE, group_id__in=mine)
    )


def check_block(blocker: User, blocked: User) -> Block:
    """Block another member of a shared group; blocking someone twice keeps one block."""
    if blocked.id == blocker.id:
        raise ValidationError({"__all__": [_("You can't block yourself.")]})
    if blocker.is_staff_role:
        raise ValidationError(
            {"__all__": [_("Facilitators see everything in their groups, so they don't block.")]}
        )
    shared = _shared_memberships(blocker, blocked)
    if blocked.organisation_id != blocker.organisation_id or not shared:
        raise ValidationError({"__all__": [_("You can only block members of your groups.")]})
    if blocked.is_staff_role or any(m.role == Membership.Role.FACILITATOR for m in shared):
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "Facilitators can't be blocked: they need to be able to reach everyone "
                        "in the group, to keep it safe. If something a facilitator did worried "
                        "you, you can report it, or talk to another facilitator."
                    )
                ]
            }
        )
    existing = Block.objects.filter(blocker=blocker, blocked=blocked).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            block = Block.objects.create(
                organisation_id=blocker.organisation_id, blocker=blocker, blocked=blocked
            )
            # Who was blocked stays out of the log's details: the block row answers that.
            record(
                "safety.member_blocked",
                actor_id=blocker.id,
                organisation_id=blocker.organisation_id,
                target_type="block",
                target_id=str(block.id),
            )
    except IntegrityError:
        # Two presses at once: the other request's block stands.
        return Block.objects.get(blocker=blocker, blocked=blocked)
    return block


def check_unblock(blocker: User, block: Block) -> None:
    """Remove one of the blocker's own blocks."""
    if block.blocker_id != blocker.id:
        raise ValidationError({"__all__": [_("This is not one of your blocks.")]})
    with transaction.atomic():
        record(
            "safety.member_unblocked",
            actor_id=blocker.id,
            organisation_id=block.organisation_id,
            target_type="block",
            target_id=str(block.id),
        )
        block.delete()

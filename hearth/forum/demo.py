"""A few forum threads in the demo group, written through the real actions (so screened)."""

from __future__ import annotations

from django.db import transaction

from hearth.accounts.demo import seed_demo
from hearth.forum import actions, actions_extras
from hearth.forum.actions import Draft, PollDraft
from hearth.forum.actions_extras import ResourceDraft
from hearth.forum.models import Thread
from hearth.groups.access import access_group
from hearth.groups.demo import find_demo_group, person


def seed_demo_forum() -> int:
    """Create the demo threads once; return how many threads were created."""
    group = find_demo_group(seed_demo())
    if group is None or Thread.objects.filter(group=group).exists():
        return 0
    alice, bob, fran = (access_group(person(n), group.id) for n in ("alice", "bob", "fran"))
    with transaction.atomic():
        first = actions.check_start_thread(
            alice,
            "Small things that helped this week",
            Draft(
                body="I went **walking** by the river every morning. It didn't fix anything, "
                "but it gave the day a shape. What helped you?",
            ),
        ).post.thread
        actions.check_post_reply(
            bob, first, Draft(body="Cooking a proper meal on Sunday. Sending strength.")
        )
        actions.check_start_thread(
            bob,
            "Court date next month",
            Draft(
                # Not "I'm scared of seeing him in the waiting area": the classifier reads that
                # fear as a threat, HIGH (docs/safeguarding.md, round 16), and a demo would
                # open with an alert.
                body="The hearing is set. I'm nervous about the day, but my support worker is "
                "coming with me.",
                content_notes=["abuse"],
            ),
        )
        actions.check_start_thread(
            fran,
            "When should we meet in December?",
            Draft(body="The holidays change everyone's week. Vote and we'll pick a time."),
            PollDraft(question="Best evening?", options=["Monday", "Tuesday", "Thursday"]),
        )
        actions_extras.check_add_resource(
            fran,
            ResourceDraft(
                kind="note",
                category="Staying safe",
                title="Making a safety plan",
                note="Think about a safe place to go, who you can call, and what you would take.",
            ),
        )
    return 3

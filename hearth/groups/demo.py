"""The demo group that `make run` seeds: alice and bob are members, fran facilitates."""

from __future__ import annotations

from django.db import transaction

from hearth.accounts import pseudonyms
from hearth.accounts.models import Organisation, User
from hearth.groups import actions, texts
from hearth.groups.models import Group, Membership

DEMO_GROUP = "Tuesday evening circle"


def person(name: str) -> User:
    return User.objects.get(pseudonym_token=pseudonyms.token(name))


def find_demo_group(organisation: Organisation) -> Group | None:
    """Return the demo group if it exists (names are sealed, so compared here)."""
    groups = Group.objects.filter(organisation=organisation)
    return next((g for g in groups if g.name == DEMO_GROUP), None)


def seed_demo_group(organisation: Organisation) -> tuple[Group, str]:
    """Create the demo group once and return it with a fresh five-use invitation token."""
    fran = person("fran")
    with transaction.atomic():
        group = find_demo_group(organisation)
        if group is None:
            group = actions.check_create_group(
                fran,
                actions.GroupSettings(
                    name=DEMO_GROUP,
                    discreet_name="Tuesday book club",
                    purpose="A weekly peer-support group for people rebuilding life after an abusive relationship.",
                    welcome="Welcome. Take your time: read, listen, and share when you are ready.",
                    has_chat=True,
                    crisis_resources="In an emergency call 999 (UK) or 911 (US)\nNational Domestic Abuse Helpline (UK): 0808 2000 247",
                    safety_codeword="bluebird",
                    screening_questions="What would you like from the group?",
                ),
                facilitate=True,
            )
            latest = group.agreements.get().version
            for name in ("alice", "bob"):
                membership = actions.do_add_membership(
                    group,
                    person(name),
                    role=Membership.Role.MEMBER,
                    display_name=name.title(),
                    consent_version=texts.NOTICE_VERSION,
                )
                actions.do_accept_agreement(membership, latest)
        token = actions.check_create_invitation(fran, group, kind="invite", max_uses=5, days=7)
    return group, token

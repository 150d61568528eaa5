"""The demo group that `make run` seeds: alice and bob are members, fran facilitates."""

from __future__ import annotations

from django.db import transaction

from hearth.accounts import pseudonyms
from hearth.accounts.models import Organisation, User
from hearth.groups import actions
from hearth.groups.models import Group, Membership

DEMO_GROUP = "Tuesday evening circle"


def _person(name: str) -> User:
    return User.objects.get(pseudonym_token=pseudonyms.token(name))


def seed_demo_group(organisation: Organisation) -> tuple[Group, str]:
    """Create the demo group once and return it with a fresh five-use invitation token."""
    fran = _person("fran")
    with transaction.atomic():
        group = next(
            (g for g in Group.objects.filter(organisation=organisation) if g.name == DEMO_GROUP),
            None,
        )
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
                    _person(name),
                    role=Membership.Role.MEMBER,
                    display_name=name.title(),
                    consent_version=1,
                )
                actions.do_accept_agreement(membership, latest)
        token = actions.check_create_invitation(fran, group, kind="invite", max_uses=5, days=7)
    return group, token

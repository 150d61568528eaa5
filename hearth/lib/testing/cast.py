"""The standing cast of every test: alice and bob (members of the group "circle"), charlie
(an outsider: same organisation, no group), fran (facilitator of the circle), ada (admin),
olga (a member of another organisation), rita (removed from the circle) and gina (a member of
another group of the same organisation, "garden").
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.test import Client

from hearth.accounts.actions import REAUTH_KEY, SESSION_KEY, do_create_user
from hearth.accounts.models import AccountSession, Organisation, User
from hearth.groups.actions import GroupSettings, check_create_group, do_add_membership
from hearth.groups.models import Group, Membership
from hearth.groups.texts import NOTICE_VERSION

PASSPHRASE = "quiet river under morning stars"
NEW_PASSPHRASE = "lanterns drifting over the harbour"


@dataclass
class Cast:
    organisation: Organisation
    other_organisation: Organisation
    alice: User
    bob: User
    charlie: User
    fran: User
    ada: User
    olga: User
    rita: User
    gina: User
    circle: Group
    garden: Group

    def everyone(self) -> dict[str, User]:
        names = ("alice", "bob", "charlie", "fran", "ada", "olga", "rita", "gina")
        return {n: getattr(self, n) for n in names}


def make_cast() -> Cast:
    """Create two organisations and the cast (passphrase PASSPHRASE for all)."""
    org = Organisation.objects.create(name="Test Programme", discreet_title="Notes")
    other = Organisation.objects.create(name="Other Programme", discreet_title="Recipes")
    role = User.Role

    def person(name: str, organisation: Organisation, user_role: str = role.MEMBER) -> User:
        return do_create_user(organisation, name, PASSPHRASE, role=user_role)

    people = {
        "alice": person("alice", org),
        "bob": person("bob", org),
        "charlie": person("charlie", org),
        "fran": person("fran", org, role.FACILITATOR),
        "ada": person("ada", org, role.ADMIN),
        "olga": person("olga", other),
        "rita": person("rita", org),
        "gina": person("gina", org),
    }
    circle = make_group(people["fran"], "Tuesday circle")
    garden = make_group(people["fran"], "Garden group")
    for name in ("alice", "bob", "rita"):
        join_group(circle, people[name])
    join_group(garden, people["gina"])
    Membership.objects.filter(group=circle, user=people["rita"]).update(status="removed")
    return Cast(organisation=org, other_organisation=other, circle=circle, garden=garden, **people)


def make_group(facilitator: User, name: str, **settings: Any) -> Group:
    """Create a group facilitated by `facilitator`, with the default agreement."""
    data = GroupSettings(
        name=name, discreet_name=f"{name} (discreet)", purpose=f"Purpose of {name}.", **settings
    )  # type: ignore[arg-type]
    return check_create_group(facilitator, data, facilitate=True)


def join_group(group: Group, user: User, role: str = "member") -> Membership:
    """Make `user` an active member who has accepted the current agreement."""
    membership = do_add_membership(
        group, user, role=role, display_name=user.pseudonym, consent_version=NOTICE_VERSION
    )
    membership.agreement_version = group.agreements.order_by("-version").first().version  # type: ignore[union-attr]
    membership.save(update_fields=["agreement_version"])
    return membership


def newcomer_joins(raw_invitation: str, display_name: str, **fields: str) -> tuple[Client, Any]:
    """A newcomer opens an invitation and sends the join form, creating "wren" on the way.

    Returns the newcomer's browser and the answer to the form (extra `fields`: screening
    answers such as `answer_0`).
    """
    browser = Client()
    browser.get(f"/join/{raw_invitation}/")
    form = {
        "pseudonym": "wren",
        "passphrase": NEW_PASSPHRASE,
        "repeat": NEW_PASSPHRASE,
        "display_name": display_name,
        "consent": "on",
        **fields,
    }
    return browser, browser.post("/join/", form)


def sign_in(
    client: Client, user: User, *, shared: bool = False, verified: bool | None = None
) -> AccountSession:
    """Sign `user` in on `client` as the real sign-in would, without the passphrase round trip."""
    client.force_login(user, backend="hearth.accounts.backends.PseudonymBackend")
    account_session = AccountSession.objects.create(
        user=user,
        kind=AccountSession.Kind.SHARED if shared else AccountSession.Kind.STANDARD,
        device_label="Test on Linux",
        two_factor_verified=user.is_staff_role if verified is None else verified,
    )
    session = client.session
    session[SESSION_KEY] = str(account_session.id)
    session[REAUTH_KEY] = time.time()
    if shared:
        session.set_expiry(0)
    session.save()
    return account_session


def signed_in_client(user: User) -> Client:
    """Return a fresh test client signed in as `user`."""
    client = Client()
    sign_in(client, user)
    return client

"""The standing cast of every test: alice and bob (members), charlie (an outsider),
fran (facilitator), ada (admin), and olga (a member of another organisation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from hearth.accounts.actions import SESSION_KEY, do_create_user
from hearth.accounts.models import AccountSession, Organisation, User

PASSPHRASE = "quiet river under morning stars"


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

    def everyone(self) -> dict[str, User]:
        return {n: getattr(self, n) for n in ("alice", "bob", "charlie", "fran", "ada", "olga")}


def make_cast() -> Cast:
    """Create two organisations and the cast (passphrase PASSPHRASE for all)."""
    org = Organisation.objects.create(name="Test Programme", discreet_title="Notes")
    other = Organisation.objects.create(name="Other Programme", discreet_title="Recipes")
    role = User.Role

    def person(name: str, organisation: Organisation, user_role: str = role.MEMBER) -> User:
        return do_create_user(organisation, name, PASSPHRASE, role=user_role)

    return Cast(
        organisation=org,
        other_organisation=other,
        alice=person("alice", org),
        bob=person("bob", org),
        charlie=person("charlie", org),
        fran=person("fran", org, role.FACILITATOR),
        ada=person("ada", org, role.ADMIN),
        olga=person("olga", other),
    )


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
    if shared:
        session.set_expiry(0)
    session.save()
    return account_session

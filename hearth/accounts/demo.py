"""The demo organisation that `make run` seeds: the standing cast with known sign-ins."""

from __future__ import annotations

import base64

from django.db import transaction

from hearth.accounts import actions, pseudonyms
from hearth.accounts.models import Organisation, TotpDevice, User

DEMO_PASSPHRASE = "quiet river under morning stars"
# Staff must use two-step sign-in; the demo shares a fixed TOTP key so codes can be printed.
DEMO_TOTP_SECRET = base64.b32encode(b"hearth-demo-totp-key").decode()
CAST = (
    ("alice", User.Role.MEMBER, "a member"),
    ("bob", User.Role.MEMBER, "a second member"),
    ("charlie", User.Role.MEMBER, "an outsider (in no group of alice's)"),
    ("fran", User.Role.FACILITATOR, "a facilitator"),
    ("ada", User.Role.ADMIN, "the organisation admin"),
)


def seed_demo() -> Organisation:
    """Create the demo organisation and cast once (idempotent) and return the organisation."""
    with transaction.atomic():
        organisation = Organisation.objects.filter(name="Demo Programme").first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name="Demo Programme", discreet_title="Notes"
            )
        for name, role, _description in CAST:
            if User.objects.filter(pseudonym_token=pseudonyms.token(name)).exists():
                continue
            user = actions.do_create_user(organisation, name, DEMO_PASSPHRASE, role=role)
            if user.is_staff_role:
                device = TotpDevice(user=user, confirmed=True)
                device.secret = DEMO_TOTP_SECRET
                device.save()
    return organisation

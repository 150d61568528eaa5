"""Deployment checks: a production install must not carry the published demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def demo_accounts_absent(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from hearth.accounts.demo import DEMO_TOTP_SECRET
    from hearth.accounts.models import TotpDevice

    try:
        # The demo's staff share a published TOTP key; finding it means demo data is here.
        found = any(d.secret == DEMO_TOTP_SECRET for d in TotpDevice.objects.all()[:500])
    except DatabaseError:
        return []
    if not found:
        return []
    return [
        Error(
            "The demo accounts (published passphrase and two-step key) exist in this database.",
            hint="Never run `seed_demo` on a production database; create a fresh one.",
            id="hearth.E001",
        )
    ]

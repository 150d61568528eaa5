"""Shared pieces of the authorization matrices (hearth/tests/test_authorization_matrix*.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from hearth.lib.testing.cast import Cast, sign_in

# The whole cast, plus staff who have not passed two-step sign-in yet.
ACTORS = ("anonymous", "alice", "charlie", "fran", "fran_unverified", "olga", "rita", "gina", "ada")
TWO_FACTOR = "->/account/two-factor/"


def client_for(actor: str, cast: Cast) -> Client:
    """Return a client signed in as `actor` (or anonymous)."""
    client = Client()
    if actor == "fran_unverified":
        sign_in(client, cast.fran, verified=False)
    elif actor != "anonymous":
        sign_in(client, getattr(cast, actor))
    return client


def outcome(response: HttpResponse) -> int | str:
    """Return "->/path" for a local redirect, else the status code."""
    if response.status_code in (301, 302) and response.get("Location", "").startswith("/"):
        return "->" + response["Location"]
    return response.status_code

"""Seeing where you are signed in, and signing another device out (pages and sockets)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect
from support import (
    NEW_PASSPHRASE,
    axe_check,
    expect_home,
    main,
    new_pseudonym,
    sign_in,
    sign_up_and_continue,
)

WATCH_SOCKET = """() => new Promise((resolve, reject) => {
  const socket = new WebSocket(`ws://${location.host}/ws/notifications/`);
  window.hearthSocketClosed = new Promise((closed) => {
    socket.addEventListener("close", (event) => closed(event.code));
  });
  socket.addEventListener("open", () => resolve("open"));
  socket.addEventListener("close", (event) => resolve(`closed ${event.code}`));
})"""


def _signed_in_pages(new_context: Callable[..., BrowserContext]) -> tuple[Page, Page, str]:
    """A new member (so no other test's sessions show up), signed in on a phone and a laptop."""
    who = new_pseudonym("juniper")
    first = new_context().new_page()
    sign_up_and_continue(first, who)
    second = new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(second, who, NEW_PASSPHRASE)
    expect_home(second, who)
    return first, second, who


def _sign_out_the_other(first: Page) -> None:
    first.get_by_role("link", name="Where you are signed in").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    sessions = main(first).locator("[data-session]")
    expect(sessions).to_have_count(2)
    axe_check(first)
    other = sessions.filter(has_not=first.locator(".tag"))
    expect(other).to_have_count(1)
    other.get_by_role("button", name="Sign out").click()
    expect(first.get_by_role("status")).to_contain_text("That session has been signed out.")
    expect(main(first).locator("[data-session]")).to_have_count(1)
    expect(main(first).locator("[data-session] .tag")).to_have_text("this device")


def test_member_signs_out_her_other_device_which_then_lands_on_sign_in(
    new_context: Callable[..., BrowserContext],
) -> None:
    first, second, who = _signed_in_pages(new_context)
    _sign_out_the_other(first)

    second.goto("/account/")
    expect(second.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert second.url.endswith("/account/sign-in/")
    # The first device is still signed in.
    first.goto("/")
    expect_home(first, who)


def test_revoking_a_session_closes_its_notification_socket_with_4401(
    new_context: Callable[..., BrowserContext],
) -> None:
    first, second, _who = _signed_in_pages(new_context)
    assert second.evaluate(WATCH_SOCKET) == "open"

    _sign_out_the_other(first)
    assert second.evaluate("() => window.hearthSocketClosed") == 4401

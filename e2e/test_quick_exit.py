"""Quick exit: one press (or two Escapes) leaves for a neutral site, and Back does not return."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route, expect
from support import DEMO_PASSPHRASE, Traffic, expect_home, sign_in


def _signed_in_on_two_pages(page: Page, who: str = "charlie") -> None:
    sign_in(page, who)
    expect_home(page, who)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


def _expect_neutral(page: Page) -> None:
    expect(page).to_have_title("Weather")
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather")


def _expect_no_hearth_content(page: Page, servers) -> None:
    """After Back: the neutral site, an empty page, or Hearth's cover — never a member page."""
    page.wait_for_load_state()
    if page.url.startswith(servers.neutral_url):
        _expect_neutral(page)
        return
    body = page.locator("body")
    for text in ("Your account", "Hello,", "Where you are signed in", "Privacy"):
        expect(body).not_to_contain_text(text)


def test_leave_now_goes_to_the_neutral_site_and_back_does_not_return(
    page: Page, traffic: Traffic, servers, neutral_visits
) -> None:
    _signed_in_on_two_pages(page)
    traffic.allow_exit()
    page.get_by_role("button", name="Leave now").click()
    _expect_neutral(page)
    # The neutral site is not told where the visitor came from.
    assert neutral_visits, "the neutral site was never visited"
    leaked = [(path, ref) for path, ref in neutral_visits if ref and ref.startswith(servers.url)]
    assert not leaked, f"Hearth's address reached the neutral site as a Referer: {leaked}"

    page.go_back()
    _expect_no_hearth_content(page, servers)
    # Even typing Hearth's address again shows nothing until she chooses to come back.
    page.goto(f"{servers.url}/account/")
    _expect_neutral(page)
    page.goto(f"{servers.url}/account/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    # Coming back is deliberate: whoever holds the device must know the passphrase.
    page.get_by_role("main").get_by_label("Your passphrase").fill(DEMO_PASSPHRASE)
    page.get_by_role("main").get_by_role("button", name="Continue").click()
    expect_home(page, "charlie")


def test_pressing_escape_twice_leaves_like_the_button(
    page: Page, traffic: Traffic, servers
) -> None:
    _signed_in_on_two_pages(page)
    traffic.allow_exit()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    _expect_neutral(page)
    page.go_back()
    _expect_no_hearth_content(page, servers)


def _leave_a_shared_device_and_go_back(page: Page, traffic: Traffic, servers) -> None:
    """bob, signed in on a shared device, leaves at once and presses Back: nothing of Hearth."""
    sign_in(page, "bob", shared=True)
    expect_home(page, "bob")
    traffic.allow_exit()
    page.get_by_role("button", name="Leave now").click()
    _expect_neutral(page)
    page.go_back()
    _expect_no_hearth_content(page, servers)


def test_quick_exit_on_a_shared_device_also_signs_out(
    context: BrowserContext, page: Page, traffic: Traffic, servers
) -> None:
    _leave_a_shared_device_and_go_back(page, traffic, servers)

    page.goto(f"{servers.url}/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert urlsplit(page.url).path == "/account/sign-in/"


def test_back_straight_after_leaving_shows_nothing_while_the_sign_out_is_on_its_way(
    context: BrowserContext, page: Page, traffic: Traffic, servers
) -> None:
    # The exit's sign-out travels in a request of its own; on a slow network, Back can come
    # first. Hold that request, press Back: the page must still show nothing of Hearth.
    held: list[Route] = []
    context.route("**/leave/", lambda route: held.append(route))
    _leave_a_shared_device_and_go_back(page, traffic, servers)

    # Once the sign-out lands, Hearth asks for a sign-in again.
    assert held, "the exit sent no sign-out"
    for route in held:
        route.continue_()
    context.unroute("**/leave/")
    # The released request reaches the server in its own time: ask again until it has.
    _front_door_once_covered(page, servers, "Sign in")


def _front_door_once_covered(page: Page, servers, heading: str) -> None:
    """Ask for the front door until the exit's request has reached the server."""
    deadline = time.monotonic() + 15
    while True:
        page.goto(f"{servers.url}/account/sign-in/")
        page.wait_for_load_state()
        if page.get_by_role("heading", level=1).inner_text() == heading:
            return
        assert time.monotonic() < deadline, "the exit's request never reached the server"
        page.wait_for_timeout(250)


def test_a_lost_exit_request_still_keeps_this_tab_away_until_she_comes_back(
    context: BrowserContext, page: Page, traffic: Traffic, servers
) -> None:
    # On a poor connection the exit's request to cover the session can be lost. The tab
    # remembers the exit: typing Hearth's address leaves again, and asks the server again.
    _signed_in_on_two_pages(page)
    lost: list[str] = []
    context.route("**/leave/", lambda route: (lost.append(route.request.url), route.abort()))
    traffic.allow_exit()
    page.get_by_role("button", name="Leave now").click()
    _expect_neutral(page)
    page.goto(f"{servers.url}/account/")
    _expect_neutral(page)
    assert len(lost) == 2, "leaving again should ask the server to cover the session again"

    # With the connection back, the next attempt covers the session on the server too.
    context.unroute("**/leave/")
    page.goto(f"{servers.url}/")
    _expect_neutral(page)
    # That request reaches the server in its own time; until then the front door, seeing her
    # still signed in, sends her home, and home leaves (and asks) again.
    _front_door_once_covered(page, servers, "Welcome back")
    page.get_by_role("main").get_by_label("Your passphrase").fill(DEMO_PASSPHRASE)
    page.get_by_role("main").get_by_role("button", name="Continue").click()
    expect_home(page, "charlie")

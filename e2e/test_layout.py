"""Small screens and no JavaScript: nothing scrolls sideways and the essentials still work."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, expect
from support import expect_home, sign_in

NARROW = {"width": 320, "height": 640}
SIGNED_OUT_PAGES = ["/", "/account/sign-in/", "/account/sign-up/", "/account/recover/"]
SIGNED_IN_PAGES = [
    "/",
    "/account/",
    "/account/sessions/",
    "/account/two-factor/",
    "/account/recovery-codes/",
    "/account/passphrase/",
]


def _scroll_width(page: Page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth")


def _overflowing(page: Page, paths: list[str]) -> dict[str, int]:
    wide = {}
    for path in paths:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = _scroll_width(page)
        if width > NARROW["width"]:
            wide[path] = width
    return wide


def test_no_page_scrolls_sideways_at_320_pixels(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(viewport=NARROW).new_page()
    wide = _overflowing(page, SIGNED_OUT_PAGES)

    # An error summary must not widen the page either.
    page.goto("/account/sign-up/")
    page.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    if _scroll_width(page) > NARROW["width"]:
        wide["/account/sign-up/ (with errors)"] = _scroll_width(page)

    sign_in(page, "alice")
    expect_home(page, "alice")
    wide.update(_overflowing(page, SIGNED_IN_PAGES))
    assert not wide, f"Pages wider than {NARROW['width']} px (path: scrollWidth): {wide}"


def test_sign_in_and_leave_now_work_without_javascript(
    new_context: Callable[..., BrowserContext], servers
) -> None:
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "charlie")
    expect_home(page, "charlie")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    context.traffic.allow_exit()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Leave now").click()
    expect(page).to_have_title("Weather")
    assert page.url.startswith(servers.neutral_url)

    # Hearth stays covered: its pages send the visitor back to the neutral site.
    page.goto(f"{servers.url}/account/")
    expect(page).to_have_title("Weather")
    page.goto(f"{servers.url}/account/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    assert urlsplit(page.url).path == "/account/sign-in/"

"""Helpers the journeys share: signing in and up, two-step codes, axe checks, traffic records."""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.oath import hotp
from playwright.sync_api import Page, expect

DEMO_PASSPHRASE = "quiet river under morning stars"
# Mirrors hearth.accounts.demo.DEMO_TOTP_SECRET without importing Django models.
DEMO_TOTP_SECRET = base64.b32encode(b"hearth-demo-totp-key").decode()
NEW_PASSPHRASE = "lantern orchard tumbles past violet harbours"
# The demo group as it is listed while discreet mode is on (the default).
DEMO_GROUP_DISCREET = "Tuesday book club"

AXE_SCRIPT = (Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


# --- Two-step codes ------------------------------------------------------------------------------


def totp_code(secret: str, step_offset: int = 0) -> str:
    """The 6-digit code of `secret` for the current 30-second step (plus `step_offset`)."""
    key = base64.b32decode(secret.replace(" ", "").upper())
    return f"{hotp(key, int(time.time()) // 30 + step_offset):06d}"


def current_step() -> int:
    return int(time.time()) // 30


# --- Forms ---------------------------------------------------------------------------------------


def new_pseudonym(prefix: str = "member") -> str:
    return f"{prefix}{secrets.token_hex(4)}"


# Calm words: random letters ("wlqohnwu") made a calm post read MEDIUM about 1 time in 100
# (held for review, so "Posted." never showed); 400 titles of these words read none.
_CALM_WORDS = [
    "fern",
    "pebble",
    "lark",
    "willow",
    "brook",
    "maple",
    "heron",
    "moss",
    "acorn",
    "clover",
    "meadow",
    "birch",
    "otter",
    "wren",
    "thistle",
    "cedar",
    "harbour",
    "lantern",
    "quill",
    "amber",
    "cobble",
    "dune",
    "hazel",
    "ivy",
    "juniper",
    "kestrel",
    "linen",
    "marigold",
    "nutmeg",
    "orchard",
    "poppy",
    "quartz",
    "robin",
    "sorrel",
    "tansy",
    "umber",
    "velvet",
    "walnut",
    "yarrow",
    "zephyr",
]


def unique_word() -> str:
    """Three calm words run together ("fernpebblelark"; 64,000 of them): makes a title unique
    without digits a phone detector could nudge."""
    return "".join(secrets.choice(_CALM_WORDS) for _ in range(3))


def main(page: Page):
    return page.locator("main")


def sign_in(
    page: Page, pseudonym: str, passphrase: str = DEMO_PASSPHRASE, *, shared: bool = False
) -> None:
    """Fill and send the sign-in form (the next page is left to the caller to check)."""
    page.goto("/account/sign-in/")
    form = main(page)
    form.get_by_label("Pseudonym").fill(pseudonym)
    form.get_by_label("Passphrase", exact=True).fill(passphrase)
    if shared:
        form.get_by_label("This is a shared or borrowed device").check()
    form.get_by_role("button", name="Sign in", exact=True).click()


def expect_home(page: Page, pseudonym: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {pseudonym}")
    assert urlsplit(page.url).path == "/"


def sign_up(page: Page, pseudonym: str, passphrase: str = NEW_PASSPHRASE) -> list[str]:
    """Create an account and return the recovery codes shown (the page stays on them)."""
    page.goto("/account/sign-up/")
    form = main(page)
    form.get_by_label("Pseudonym").fill(pseudonym)
    form.get_by_label("Passphrase", exact=True).fill(passphrase)
    form.get_by_label("Passphrase again").fill(passphrase)
    form.get_by_label("I have read how Hearth protects and keeps my information.").check()
    form.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    return [c.strip() for c in page.locator("[data-recovery-codes] code").all_inner_texts()]


def continue_from_codes(page: Page) -> None:
    """Leave the recovery-codes page by its "kept them" control (a link or a button)."""
    name = "I have kept them — continue"
    main(page).get_by_role("link", name=name).or_(
        main(page).get_by_role("button", name=name)
    ).click()


def sign_up_and_continue(page: Page, pseudonym: str, passphrase: str = NEW_PASSPHRASE) -> None:
    sign_up(page, pseudonym, passphrase)
    continue_from_codes(page)
    expect_home(page, pseudonym)


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def expect_second_step(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step")
    assert urlsplit(page.url).path == "/account/sign-in/verify/"


def enter_code(page: Page, code: str) -> None:
    main(page).get_by_label("Code").fill(code)
    main(page).get_by_role("button", name="Continue").click()


# --- Accessibility -------------------------------------------------------------------------------


def axe_check(page: Page, *, tags: list[str] | None = None) -> None:
    """Run axe-core on the page and fail with a readable list of WCAG A/AA violations."""
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}); return r.violations; }",
        tags or AXE_TAGS,
    )
    if results:
        lines = [f"axe found {len(results)} accessibility violation(s) on {page.url}:"]
        for violation in results:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                if summary:
                    lines.append(f"      {summary[:300]}")
        raise AssertionError("\n".join(lines))


# --- Traffic -------------------------------------------------------------------------------------


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


@dataclass
class Traffic:
    """Every request the browser made in one context, checked against the allowed origins."""

    hearth_origins: set[str]
    neutral_origin: str
    requests: list[tuple[str, bool]] = field(default_factory=list)  # (url, exit allowed yet)
    problems: list[str] = field(default_factory=list)
    exit_allowed: bool = False

    def allow_exit(self) -> None:
        """From now on the neutral exit site may be loaded (the test is about to quick-exit)."""
        self.exit_allowed = True

    def record(self, url: str) -> None:
        self.requests.append((url, self.exit_allowed))

    def record_problem(self, text: str) -> None:
        self.problems.append(text)

    def foreign(self) -> list[str]:
        bad = []
        for url, exit_allowed in self.requests:
            scheme = urlsplit(url).scheme
            if scheme in ("data", "blob", "about"):
                continue
            origin = origin_of(url)
            if origin in self.hearth_origins:
                continue
            if exit_allowed and origin == self.neutral_origin:
                continue
            bad.append(url)
        return bad


DESKTOP = {"width": 1280, "height": 900}


def staff_sign_in(page: Page, pseudonym: str) -> None:
    """Passphrase, then the authenticator code; a code already spent waits for the next one."""
    sign_in(page, pseudonym)
    expect_second_step(page)
    step = current_step()
    enter_code(page, totp_code(DEMO_TOTP_SECRET))
    refused = main(page).locator("#id_code_error")
    heading = page.get_by_role("heading", level=1)
    expect(heading.filter(has_text=f"Hello, {pseudonym}").or_(refused)).to_be_visible()
    if refused.is_visible():
        # Another journey spent this step's code (codes are never accepted twice).
        page.wait_for_timeout(max(0, ((step + 1) * 30 - time.time()) * 1000) + 200)
        enter_code(page, totp_code(DEMO_TOTP_SECRET))
    expect_home(page, pseudonym)


# --- Live pages and duty -------------------------------------------------------------------------

# Keeps every WebSocket the page opens, so a test can wait until the live socket is open
# (an event sent before the server accepted the socket would never reach the page).
TRACK_SOCKETS = """(() => {
  const Native = window.WebSocket;
  window.hearthSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.hearthSockets.push(this); }
  };
})();"""
NOTIFICATION_SOCKET_OPEN = """() => (window.hearthSockets || []).some(
  (s) => s.url.endsWith("/ws/notifications/") && s.readyState === WebSocket.OPEN)"""


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def wait_for_live_socket(page: Page) -> None:
    """Wait until a page opened with TRACK_SOCKETS has its notification socket open."""
    page.wait_for_function(NOTIFICATION_SOCKET_OPEN)


def set_duty(page: Page, *, on_duty: bool) -> None:
    """A staff member goes on (or off) duty from the duty page."""
    page.goto("/safety/duty/")
    expect(heading(page)).to_have_text("Your duty")
    main(page).get_by_label("I am on duty: send me alerts").set_checked(on_duty)
    expect(main(page).get_by_label("I am stepping away for a while")).not_to_be_checked()
    main(page).get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("Alerts")
    assert urlsplit(page.url).path == "/safety/alerts/"
    expect(page.get_by_role("status")).to_contain_text("Saved. Take care of yourself too.")

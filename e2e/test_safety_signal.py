"""The silent safety signal: a member who cannot talk safely reaches the facilitator on duty.

alice, on her phone in the demo group, presses "I can't talk safely": she stays where she was
and nothing she can see changes (someone may be looking over her shoulder). fran, the group's
facilitator, is on duty with the alerts page open on her desktop: a banner appears there without
a reload; she takes the alert, adds a sealed case note and closes the case with an outcome.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, expect
from support import (
    DEMO_GROUP_DISCREET,
    axe_check,
    expect_home,
    heading,
    main,
    set_duty,
    sign_in,
    wait_for_live_socket,
)

BANNER_TEXT = "Someone needs attention now — open the alert"
ALERT_PATH = re.compile(r"^/safety/alerts/[0-9a-f-]{36}/$")
NOTE = "Reached alice by private message later; she is safe and will call tomorrow."
OUTCOME = "Talked it through with alice the next day; a safety plan is agreed."


def test_silent_signal_reaches_the_facilitator_on_duty_who_takes_and_closes_the_case(
    new_context: Callable[..., BrowserContext], fran: Page
) -> None:
    # 1. fran goes on duty; the alerts page she lands on stays open.
    fran.goto("/safety/duty/")
    expect(heading(fran)).to_have_text("Your duty")
    axe_check(fran)
    on_duty = main(fran).get_by_label("I am on duty: send me alerts")
    expect(on_duty).not_to_be_checked()
    on_duty.check()
    main(fran).get_by_role("button", name="Save").click()
    expect(heading(fran)).to_have_text("Alerts")
    assert urlsplit(fran.url).path == "/safety/alerts/"
    expect(fran.get_by_role("status")).to_contain_text("Saved. Take care of yourself too.")
    expect(main(fran)).to_contain_text("You are on duty and will receive alerts.")
    expect(main(fran)).to_contain_text("No open alerts.")
    banner = fran.locator("[data-live-alerts]")
    expect(banner).to_be_empty()
    axe_check(fran)
    wait_for_live_socket(fran)
    fran.evaluate("() => { window.hearthSameDocument = true; }")

    # 2. alice opens the group on her phone and presses "I can't talk safely".
    alice = new_context().new_page()
    sign_in(alice, "alice")
    expect_home(alice, "alice")
    alice.goto("/groups/")
    main(alice).get_by_role("link", name=DEMO_GROUP_DISCREET).click()
    expect(heading(alice)).to_have_text(DEMO_GROUP_DISCREET)
    group_path = urlsplit(alice.url).path
    assert re.fullmatch(r"/groups/[0-9a-f-]{36}/", group_path), alice.url
    title_before = alice.title()
    main_before = main(alice).inner_text()

    signal = alice.get_by_role("button", name="I can't talk safely")
    alice.evaluate("() => { window.hearthBeforeSignal = true; }")
    with alice.expect_response(
        lambda r: r.request.method == "POST" and urlsplit(r.url).path.endswith("/signal/")
    ) as sent:
        signal.click()
    assert sent.value.status == 302, f"the signal answered {sent.value.status}"
    # The form posts and comes straight back: wait for the returned page before comparing.
    alice.wait_for_function("() => window.hearthBeforeSignal === undefined")
    alice.wait_for_load_state()

    # Nothing visible changes: same page, same title and heading, no message, same text.
    expect(heading(alice)).to_have_text(DEMO_GROUP_DISCREET)
    assert urlsplit(alice.url).path == group_path
    assert alice.title() == title_before
    expect(alice.locator(".messages, [role=status], [role=alert]")).to_have_count(0)
    assert main(alice).inner_text() == main_before
    expect(signal).to_be_visible()

    # 3. fran's open page shows the live banner, without a reload.
    link = banner.locator("a")
    expect(link).to_have_text(BANNER_TEXT, timeout=5_000)
    assert fran.evaluate("() => window.hearthSameDocument === true"), "the alerts page reloaded"
    href = link.get_attribute("href") or ""
    assert ALERT_PATH.match(href), href
    # The banner is discreet: no group, no member.
    for secret in ("alice", "Alice", DEMO_GROUP_DISCREET, "Tuesday evening circle"):
        assert secret not in banner.inner_text()
    axe_check(fran)
    link.click()

    # 4. The alert: she takes it, adds a sealed note, and closes the case with an outcome.
    expect(heading(fran)).to_have_text("Cannot talk safely")
    assert urlsplit(fran.url).path == href
    facts = main(fran).locator("dl.facts")
    expect(facts).to_contain_text("Alice")
    expect(facts.get_by_role("link", name=DEMO_GROUP_DISCREET)).to_have_attribute(
        "href", group_path
    )
    expect(facts).to_contain_text("Group facilitators on duty")
    expect(main(fran).locator('[data-timeline="note"]')).to_have_count(0)
    axe_check(fran)
    main(fran).get_by_role("button", name="I'll take this").click()
    expect(main(fran)).to_contain_text(re.compile(r"Taken .+ ago\."))
    expect(main(fran).get_by_role("button", name="I'll take this")).to_have_count(0)
    axe_check(fran)

    main(fran).get_by_label("Add a note (sealed, seen by staff only)").fill(NOTE)
    main(fran).get_by_role("button", name="Add note").click()
    expect(main(fran).locator(".card-list li").filter(has_text=NOTE)).to_have_count(1)
    expect(main(fran).locator('[data-timeline="note"]')).to_have_count(1)
    expect(main(fran).get_by_label("Add a note (sealed, seen by staff only)")).to_be_empty()
    axe_check(fran)

    main(fran).get_by_label("Outcome").fill(OUTCOME)
    main(fran).get_by_role("button", name="Close case").click()
    expect(heading(fran)).to_have_text("Alerts")
    assert urlsplit(fran.url).path == "/safety/alerts/"
    expect(fran.get_by_role("status")).to_contain_text("The case is closed.")
    expect(main(fran)).to_contain_text("No open alerts.")
    expect(main(fran).locator("[data-alert]")).to_have_count(0)
    axe_check(fran)

    # The closed case stays readable, with its note, and takes no more notes.
    fran.goto(href)
    expect(main(fran)).to_contain_text("This case is closed.")
    expect(main(fran)).to_contain_text(NOTE)
    expect(main(fran).get_by_role("button", name="Add note")).to_have_count(0)

    # alice's page still shows nothing of it.
    alice.reload()
    expect(heading(alice)).to_have_text(DEMO_GROUP_DISCREET)
    assert main(alice).inner_text() == main_before

    # fran goes off duty again, so later journeys start from the same rota.
    set_duty(fran, on_duty=False)
    expect(main(fran)).to_contain_text("You are off duty.")

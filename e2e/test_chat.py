"""Live chat in the browser: a facilitated session from the lobby to its end.

fran (a facilitator) schedules a session for the demo group and opens the room; alice and bob
chat, each seeing the other's words. bob's phone loses its connection while alice writes twice;
when it comes back his page resumes from the last message it showed and gets exactly those two.
fran mutes alice (her composer says so, and the server refuses a send), then ends the session
for everyone. The room is checked with axe and at 320 px wide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import BrowserContext, Page, StorageState, expect
from support import DEMO_GROUP_DISCREET, axe_check, expect_home, heading, main, sign_in, unique_word

NARROW = {"width": 320, "height": 640}
ROOM_PATH = re.compile(r"^/groups/[0-9a-f-]{36}/chat/[0-9a-f-]{36}/$")

WIDE_ELEMENTS = """(limit) => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > limit)
  .slice(0, 8)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${e.getBoundingClientRect().right}`)"""

# A second socket in alice's page, as a script of her own would open it: the server must refuse.
SEND_WHILE_MUTED = """(path) => new Promise((resolve) => {
  const socket = new WebSocket(`ws://${location.host}${path}`);
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "hello") {
      socket.send(JSON.stringify({type: "send", client_msg_id: crypto.randomUUID(), text: "hi"}));
    } else if (frame.type === "error" || frame.type === "ack") {
      socket.close();
      resolve(frame.type === "error" ? frame.code : "accepted");
    }
  });
})"""


def status(page: Page):
    return page.locator("[data-status]")


def log(page: Page):
    return page.get_by_role("log", name="Messages")


def composer(page: Page):
    return page.locator("[data-composer]")


def say(page: Page, text: str) -> None:
    box = composer(page).get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def said(page: Page, text: str):
    return (
        log(page)
        .locator(".chat-msg")
        .filter(has=page.locator(".chat-text", has_text=re.compile(f"^{re.escape(text)}$")))
    )


def expect_sent(page: Page, text: str) -> None:
    """The author's own message is in the log once, no longer waiting to be sent."""
    mine = said(page, text)
    expect(mine).to_have_count(1)
    expect(mine).not_to_have_class(re.compile("chat-pending"))
    expect(mine.locator(".chat-you")).to_be_visible()


def check_narrow(page: Page) -> None:
    """The room fits 320 px. Text that overflows its box widens the page too without putting any
    element over the edge, so an empty list below points at a long unbroken word."""
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    if width > NARROW["width"]:
        wide = page.evaluate(WIDE_ELEMENTS, NARROW["width"])
        raise AssertionError(f"the room is {width} px wide at 320 px:\n  " + "\n  ".join(wide))


def schedule_session(page: Page, title: str) -> str:
    """fran's part: schedule a session for tomorrow through the page; return the room's path."""
    page.goto("/groups/")
    main(page).get_by_role("link", name=DEMO_GROUP_DISCREET).click()
    expect(heading(page)).to_have_text(DEMO_GROUP_DISCREET)
    page.get_by_role("navigation", name="Group").get_by_role("link", name="Live chat").click()
    expect(heading(page)).to_have_text("Live chat")
    starts = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    form = main(page)
    form.get_by_label("Title").fill(title)
    form.get_by_label("Starts at").fill(starts)
    form.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("status")).to_contain_text("Scheduled 1 session(s).")
    main(page).get_by_role("link", name=title).click()
    expect(heading(page)).to_have_text(title)
    path = page.url.removeprefix(page.url.split("/groups/")[0])
    assert ROOM_PATH.match(path), page.url
    return path


def join(page: Page, who: str, path: str, title: str) -> None:
    sign_in(page, who)
    expect_home(page, who)
    page.goto(path)
    expect(heading(page)).to_have_text(title)


def test_a_facilitated_session_from_lobby_to_end(
    new_context: Callable[..., BrowserContext], fran_state: StorageState
) -> None:
    # One long unbroken word, as people type them: the room must still fit a 320 px phone.
    title = f"Evening check-in {unique_word()}{unique_word()}"

    # 1. fran schedules the session; the room waits in its lobby.
    fran_context = new_context(storage_state=fran_state, viewport=NARROW)
    fran = fran_context.new_page()
    path = schedule_session(fran, title)
    expect(status(fran)).to_have_text("The room opens when the facilitator is ready.")
    controls = fran.get_by_role("region", name="Facilitator controls")
    expect(controls.get_by_role("button", name="Open the room")).to_be_visible()

    # 2. alice and bob arrive early: they can't write yet, and the composer says why.
    alice = new_context().new_page()
    join(alice, "alice", path, title)
    bob_context = new_context(viewport=NARROW)
    bob = bob_context.new_page()
    join(bob, "bob", path, title)
    for page in (alice, bob):
        expect(status(page)).to_have_text("The room opens when the facilitator is ready.")
        expect(composer(page).get_by_role("button", name="Send")).to_be_disabled()
        expect(composer(page).locator("[data-reason]")).to_have_text(
            "The room opens when the facilitator is ready."
        )
    axe_check(alice)

    # 3. fran opens the room: everyone sees it open at once.
    controls.get_by_role("button", name="Open the room").click()
    for page in (fran, alice, bob):
        expect(status(page)).to_have_text("The room is open.")
    expect(controls.get_by_role("button", name="Open the room")).to_be_hidden()
    expect(composer(alice).get_by_role("button", name="Send")).to_be_enabled()

    # 4. They chat; each sees the other's words, marked with who wrote them.
    say(alice, "Hello everyone, glad to be here.")
    expect_sent(alice, "Hello everyone, glad to be here.")
    from_alice = said(bob, "Hello everyone, glad to be here.")
    expect(from_alice).to_have_count(1)
    expect(from_alice.locator(".chat-author")).to_have_text("Alice")
    say(bob, "Hi Alice, good to see you.")
    expect_sent(bob, "Hi Alice, good to see you.")
    expect(said(alice, "Hi Alice, good to see you.")).to_have_count(1)
    say(fran, "Welcome, both of you.")
    expect(said(alice, "Welcome, both of you.").locator(".chat-staff")).to_have_text("Facilitator")
    axe_check(alice)
    axe_check(bob)
    check_narrow(bob)

    # A phone number gets a nudge first; bob takes it out, and nobody ever sees it.
    say(bob, "Text me on 07700 900123 after")
    confirm = bob.locator("[data-confirm]")
    expect(confirm).to_be_visible()
    expect(confirm.get_by_role("alert")).not_to_be_empty()
    check_narrow(bob)
    confirm.get_by_role("button", name="Remove it and send").click()
    expect(confirm).to_be_hidden()
    for page in (alice, bob):
        redacted = log(page).locator(".chat-msg").filter(has_text="Text me on")
        expect(redacted).to_have_count(1)
        expect(redacted).not_to_contain_text("07700")
    expect(log(bob).locator(".chat-pending")).to_have_count(0)

    # 5. bob's phone drops off the network while alice writes twice.
    bob_context.set_offline(True)
    expect(status(bob)).to_have_text(re.compile("offline|Connection lost"))
    say(alice, "The first thing bob missed.")
    say(alice, "And the second thing.")
    expect_sent(alice, "The first thing bob missed.")
    expect_sent(alice, "And the second thing.")
    expect(said(bob, "The first thing bob missed.")).to_have_count(0)
    # He writes anyway: it waits in his outbox and goes once he is back, exactly once.
    say(bob, "Written on the bus.")
    expect(said(bob, "Written on the bus.")).to_have_class(re.compile("chat-pending"))
    expect(said(bob, "Written on the bus.").locator(".chat-note")).to_have_text("Sending…")
    bob_context.set_offline(False)
    expect(status(bob)).to_have_text("The room is open.")
    expect(said(bob, "The first thing bob missed.")).to_have_count(1)
    expect(said(bob, "And the second thing.")).to_have_count(1)
    expect_sent(bob, "Written on the bus.")
    expect(said(alice, "Written on the bus.")).to_have_count(1)
    texts = log(bob).locator(".chat-text").all_inner_texts()
    assert texts == [
        "Hello everyone, glad to be here.",
        "Hi Alice, good to see you.",
        "Welcome, both of you.",
        texts[3],  # bob's message with the number taken out
        "The first thing bob missed.",
        "And the second thing.",
        "Written on the bus.",
    ], texts

    # 6. fran mutes alice from the menu on one of her messages.
    menu = said(fran, "And the second thing.").locator("details.chat-more")
    menu.locator("summary").click()
    check_narrow(fran)
    axe_check(fran)
    menu.get_by_role("button", name="Mute 10 min").click()
    expect(composer(alice).locator("[data-reason]")).to_contain_text("You are muted until")
    expect(composer(alice).get_by_role("button", name="Send")).to_be_disabled()
    assert alice.evaluate(SEND_WHILE_MUTED, f"/ws/chat/{path.rstrip('/').split('/')[-1]}/") == (
        "muted"
    )
    # bob may still write.
    say(bob, "Still here.")
    expect(said(alice, "Still here.")).to_have_count(1)

    # 7. fran ends the session, after a second, deliberate step.
    controls.get_by_role("button", name="End session").click()
    controls.get_by_role("button", name="Yes, end it for everyone").click()
    for page in (fran, alice, bob):
        expect(status(page)).to_have_text("The session has ended.")
        expect(composer(page).get_by_role("button", name="Send")).to_be_disabled()
    expect(controls).to_be_hidden()
    axe_check(bob)
    check_narrow(bob)

    # Escape twice still leaves at once from inside the room (the room never swallows it).
    bob_context.traffic.allow_exit()  # type: ignore[attr-defined]
    log(bob).focus()
    bob.keyboard.press("Escape")
    bob.keyboard.press("Escape")
    expect(bob).to_have_title("Weather")

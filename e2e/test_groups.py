"""Private groups: the membership life-cycle of issue 3, and removal closing a member's socket.

A facilitator starts a group and makes a single-use invitation; a newcomer with no account
opens it on a phone, joins inside the flow and waits; the facilitator approves; the newcomer
accepts the agreement, then accepts it again once the facilitator publishes a new version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, expect
from support import NEW_PASSPHRASE, axe_check, expect_home, heading, main, new_pseudonym, sign_in

NARROW = {"width": 320, "height": 640}
QUESTION = "What would you like from the group?"
ANSWER = "Somewhere quiet to talk with people who understand."
GROUP_PATH = re.compile(r"^/groups/([0-9a-f-]{36})/$")

OPEN_GROUP_SOCKET = """(groupId) => new Promise((resolve) => {
  const socket = new WebSocket(`ws://${location.host}/ws/groups/${groupId}/`);
  window.hearthGroupSocketCloseCode = null;
  socket.addEventListener("close", (event) => { window.hearthGroupSocketCloseCode = event.code; });
  socket.addEventListener("open", () => resolve("open"));
  socket.addEventListener("close", (event) => resolve(`closed ${event.code}`));
})"""

WIDE_ELEMENTS = """(limit) => [...document.querySelectorAll("main *, header *")]
  .filter((e) => e.getBoundingClientRect().right > limit)
  .slice(0, 8)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${e.getBoundingClientRect().right}`)"""


# --- Helpers -------------------------------------------------------------------------------------


def check_page(page: Page) -> None:
    """axe finds nothing, and the page does not scroll sideways at its viewport's width."""
    axe_check(page)
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    if width > viewport["width"]:
        wide = page.evaluate(WIDE_ELEMENTS, viewport["width"])
        raise AssertionError(
            f"{page.url} is {width} px wide at {viewport['width']} px; too wide:\n  "
            + "\n  ".join(wide)
        )


def group_nav(page: Page):
    return page.get_by_role("navigation", name="Group")


def start_group(
    page: Page, name: str, discreet: str, purpose: str, *, question: str = "", approval: bool = True
) -> str:
    """Fill /groups/new/ and return the new group's id (the page is left on the group home)."""
    page.goto("/groups/new/")
    expect(heading(page)).to_have_text("Start a group")
    check_page(page)
    form = main(page)
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Discreet name").fill(discreet)
    form.get_by_label("Purpose").fill(purpose)
    form.get_by_label("Length").select_option(label="Ongoing drop-in")
    if question:
        form.get_by_label("Screening questions").fill(question)
    approve = form.get_by_label("A facilitator approves each person who asks to join")
    expect(approve).to_be_checked()
    approve.set_checked(approval)
    form.get_by_role("button", name="Save").click()
    problems = page.locator("[data-error-summary]")
    expect(heading(page).filter(has_text=discreet).or_(problems)).to_be_visible()
    assert not problems.count(), problems.inner_text()
    # Accounts start in discreet mode: page titles and headings use the discreet name.
    expect(heading(page)).to_have_text(discreet)
    expect(page.get_by_role("status")).to_contain_text("The group is ready.")
    match = GROUP_PATH.match(urlsplit(page.url).path)
    assert match, page.url
    return match.group(1)


def make_single_use_link(page: Page) -> str:
    group_nav(page).get_by_role("link", name="Invitations").click()
    expect(heading(page)).to_have_text("Invitations")
    check_page(page)
    expect(main(page).get_by_label("How many people can use it")).to_have_value("1")
    main(page).get_by_role("button", name="Create link").click()
    link = page.locator("[data-invite-link]")
    expect(link).to_be_visible()
    check_page(page)
    return link.inner_text().strip()


def accept_agreement(page: Page, group_id: str) -> None:
    assert urlsplit(page.url).path == f"/groups/{group_id}/agreement/"
    expect(main(page).get_by_role("status")).to_contain_text(
        "Please read the agreement and accept it to take part."
    )
    main(page).get_by_role("button", name="I accept this agreement").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you. Welcome to the group.")
    assert urlsplit(page.url).path == f"/groups/{group_id}/"


# --- Fixtures ------------------------------------------------------------------------------------


# --- Journeys ------------------------------------------------------------------------------------


def test_newcomer_joins_by_invitation_is_approved_and_accepts_each_agreement_version(
    new_context: Callable[..., BrowserContext], fran: Page
) -> None:
    # 1. fran starts a vetted group with one screening question and makes a single-use link.
    suffix = new_pseudonym("")
    name = f"Surviving together {suffix}"
    discreet = f"Tuesday book club {suffix}"
    purpose = "A calm, private place to share what helps after leaving an abusive home."
    group_id = start_group(fran, name, discreet, purpose, question=QUESTION)
    check_page(fran)
    link = make_single_use_link(fran)
    assert urlsplit(link).path.startswith("/join/")

    # 2. A newcomer with no account opens it on a phone.
    newcomer = new_context().new_page()
    newcomer.goto(link)
    expect(heading(newcomer)).to_have_text("You are invited to a private group")
    assert urlsplit(newcomer.url).path == "/join/", "the token should leave the address bar"
    landing = main(newcomer)
    expect(landing.get_by_role("heading", name=discreet)).to_be_visible()
    expect(landing).to_contain_text(purpose)
    expect(landing.get_by_role("heading", name="Before you join: your information")).to_be_visible()
    expect(landing).to_contain_text("What we never collect: your real name")
    # The notice tells the truth about who can read (admins, peer moderators) and erasure.
    expect(landing).to_contain_text(
        "The organisation's admins can also read the forum and chat of every group"
    )
    expect(landing).to_contain_text("the group's peer moderators")
    expect(landing).to_contain_text("Your account itself cannot be deleted yet.")
    expect(landing.get_by_role("heading", name="The group agreement")).to_be_visible()
    expect(landing.locator(".clauses li").first).to_contain_text(
        "What is shared in the group stays in the group."
    )
    # Nothing about who is in the group (nor its real name) reaches someone not yet in it.
    landing_text = landing.inner_text()
    for secret in ("fran", name, "Members", "member-list"):
        assert secret not in landing_text, f"the invitation page reveals {secret!r}"
    expect(newcomer.locator(".member, .avatar, [data-member]")).to_have_count(0)
    check_page(newcomer)

    # 7b. A display name posing as staff is refused; the other answers stay in the form.
    pseudonym = new_pseudonym("wren")
    display_name = f"Robin {suffix[:4]}"
    landing.get_by_label("Pseudonym").fill(pseudonym)
    landing.get_by_label("Passphrase", exact=True).fill(NEW_PASSPHRASE)
    landing.get_by_label("Passphrase again").fill(NEW_PASSPHRASE)
    landing.get_by_label("Your name in this group").fill("Facilitator")
    landing.get_by_label(QUESTION).fill(ANSWER)
    landing.get_by_label(
        "I have read the notice and the group agreement, and I agree to them."
    ).check()
    landing.get_by_role("button", name="Ask to join").click()
    expect(newcomer.locator("[data-error-summary]")).to_contain_text(
        "This name could be mistaken for a staff member. Please choose another."
    )
    expect(landing.locator("#id_display_name_error")).to_have_text(
        "This name could be mistaken for a staff member. Please choose another."
    )
    expect(landing.get_by_label("Pseudonym")).to_have_value(pseudonym)
    expect(landing.get_by_label("Your name in this group")).to_have_value("Facilitator")
    expect(landing.get_by_label(QUESTION)).to_have_value(ANSWER)
    expect(
        landing.get_by_label("I have read the notice and the group agreement, and I agree to them.")
    ).to_be_checked()
    check_page(newcomer)
    # Passphrases are never sent back into a page, so they are typed again.
    landing.get_by_label("Your name in this group").fill(display_name)
    landing.get_by_label("Passphrase", exact=True).fill(NEW_PASSPHRASE)
    landing.get_by_label("Passphrase again").fill(NEW_PASSPHRASE)
    landing.get_by_role("button", name="Ask to join").click()

    expect(heading(newcomer)).to_have_text("Your recovery codes")
    expect(newcomer.locator("[data-recovery-codes] code")).to_have_count(10)
    check_page(newcomer)
    main(newcomer).get_by_role("link", name="I have kept them — continue").click()
    expect(heading(newcomer)).to_have_text("Your groups")
    waiting = main(newcomer).locator("[data-request]")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(discreet)
    expect(waiting).to_contain_text("Waiting for a facilitator")
    expect(main(newcomer).get_by_role("link", name=discreet)).to_have_count(0)
    check_page(newcomer)

    # 7a. The single-use link cannot be used again.
    newcomer.goto(link)
    expect(heading(newcomer)).to_have_text("This link cannot be used")
    expect(main(newcomer)).to_contain_text("This link has already been used.")
    check_page(newcomer)

    # 3. fran reads the answer and approves.
    fran.goto(f"/groups/{group_id}/")
    group_nav(fran).get_by_role("link", name="Requests").click()
    expect(heading(fran)).to_have_text("Requests to join")
    expect(group_nav(fran).get_by_role("link", name="Requests")).to_have_attribute(
        "aria-current", "page"
    )
    check_page(fran)
    main(fran).locator("[data-request]").get_by_role("link", name=display_name).click()
    expect(heading(fran)).to_have_text(f"Request from {display_name}")
    answers = main(fran).locator("dl.answers")
    expect(answers.locator("dt")).to_have_text([QUESTION])
    expect(answers.locator("dd")).to_have_text([ANSWER])
    check_page(fran)
    main(fran).get_by_role("button", name="Approve").click()
    expect(fran.get_by_role("status")).to_contain_text("Approved. They can now see the group.")
    expect(main(fran)).to_contain_text("No one is waiting.")

    # 4. The newcomer reloads: the group is there; it opens on the agreement first.
    newcomer.goto("/groups/")
    expect(main(newcomer).locator("[data-request]")).to_have_count(0)
    main(newcomer).get_by_role("link", name=discreet).click()
    expect(heading(newcomer)).to_have_text("Group agreement")
    check_page(newcomer)
    accept_agreement(newcomer, group_id)
    expect(heading(newcomer)).to_have_text(discreet)
    check_page(newcomer)

    # 5. fran changes a clause and adds one, and publishes version 2.
    fran.goto(f"/groups/{group_id}/agreement/")
    expect(main(fran)).to_contain_text("Version 1")
    check_page(fran)
    main(fran).get_by_role("link", name="Edit the agreement").click()
    expect(heading(fran)).to_have_text("Edit the agreement")
    check_page(fran)
    changed = "Be kind and patient. Speak from your own experience."
    added = "We start and end each chat session on time."
    main(fran).get_by_label("Clause 4 (leave empty to remove)").fill(changed)
    main(fran).get_by_label("Add a clause").fill(added)
    main(fran).get_by_role("button", name="Publish new version").click()
    expect(fran.get_by_role("status")).to_contain_text("The new agreement is published.")
    expect(main(fran)).to_contain_text("Version 2")
    expect(main(fran).locator("#clause-4")).to_have_text(changed)
    expect(main(fran).locator("#clause-10")).to_have_text(added)

    # 6. The newcomer's next visit goes to the new agreement first.
    newcomer.goto(f"/groups/{group_id}/")
    expect(heading(newcomer)).to_have_text("Group agreement")
    expect(main(newcomer)).to_contain_text("Version 2")
    expect(main(newcomer).locator("#clause-10")).to_have_text(added)
    accept_agreement(newcomer, group_id)
    newcomer.goto(f"/groups/{group_id}/")
    expect(heading(newcomer)).to_have_text(discreet)

    # The group pages fit a 320 px screen.
    fran.set_viewport_size(NARROW)
    for path in ("", "agreement/", "agreement/edit/", "members/", "requests/", "invitations/",
                 "settings/"):  # fmt: skip
        fran.goto(f"/groups/{group_id}/{path}")
        expect(heading(fran)).to_be_visible()
        check_page(fran)
    newcomer.set_viewport_size(NARROW)
    for path in ("/groups/", f"/groups/{group_id}/", f"/groups/{group_id}/agreement/",
                 f"/groups/{group_id}/members/"):  # fmt: skip
        newcomer.goto(path)
        expect(heading(newcomer)).to_be_visible()
        check_page(newcomer)


def test_removing_a_member_closes_their_group_socket_and_hides_the_group(
    new_context: Callable[..., BrowserContext], fran: Page
) -> None:
    suffix = new_pseudonym("")
    name = f"Garden notes {suffix}"
    group_id = start_group(
        fran, f"Evening circle {suffix}", name, "Weekly peer support.", approval=False
    )
    link = make_single_use_link(fran)

    # bob, who already has an account, joins through the link.
    bob = new_context().new_page()
    sign_in(bob, "bob")
    expect_home(bob, "bob")
    bob.goto(link)
    expect(heading(bob)).to_have_text("You are invited to a private group")
    main(bob).get_by_label("Your name in this group").fill("Bobbin")
    main(bob).get_by_label(
        "I have read the notice and the group agreement, and I agree to them."
    ).check()
    main(bob).get_by_role("button", name="Join", exact=True).click()
    expect(heading(bob)).to_have_text("Group agreement")
    accept_agreement(bob, group_id)
    assert bob.evaluate(OPEN_GROUP_SOCKET, group_id) == "open"

    fran.goto(f"/groups/{group_id}/members/")
    expect(heading(fran)).to_have_text("Members")
    check_page(fran)
    member = main(fran).locator("[data-member]").filter(has_text="Bobbin")
    member.get_by_text("Manage").click()
    member.get_by_label("Reason (kept with the membership for staff)").fill(
        "Shared a member's story outside."
    )
    member.get_by_role("button", name="Remove from group").click()
    expect(fran.get_by_role("status")).to_contain_text(
        "The member was removed and can no longer see the group."
    )
    expect(main(fran).locator("[data-member]").filter(has_text="Bobbin")).to_have_count(0)

    closed = bob.wait_for_function("() => window.hearthGroupSocketCloseCode", timeout=5_000)
    assert closed.json_value() == 4404

    response = bob.goto(f"/groups/{group_id}/")
    assert response is not None and response.status == 404
    expect(heading(bob)).to_have_text("We could not find that page")
    expect(main(bob)).not_to_contain_text(name)
    bob.goto("/groups/")
    expect(main(bob).get_by_role("link", name=name)).to_have_count(0)

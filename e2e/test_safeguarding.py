"""Safeguarding, end to end: a high-risk post reaches the facilitator on duty, who takes the
case, settles the held post, reaches the member privately and closes the case.

alice, on her phone, has told Hearth she is in the United Kingdom. She starts a thread in the
demo group saying she is going to end her life tonight. At once she sees the helplines for her
region and a kind word that a facilitator will be in touch; the post is held, so bob never sees
it. fran, the group's facilitator, is on duty with her alerts page open on her desktop: a banner
appears there without a reload. She takes the alert; its case already holds the held post. She
opens the post from the case, claims it and does not publish it, sending the kind reply for a
member who may be in crisis (alice sees it on her thread). From the case she writes to alice in
alice's private check-in; alice reads it and answers, and fran's open page tells her so live.
fran closes the case with an outcome.
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
    unique_word,
    wait_for_live_socket,
)

ALERT_PATH = re.compile(r"^/safety/alerts/[0-9a-f-]{36}/$")
REVIEW_PATH = re.compile(r"^/safety/review/[0-9a-f-]{36}/$")
THREAD_PATH = re.compile(r"^/groups/[0-9a-f-]{36}/forum/[0-9a-f-]{36}/$")
CHECK_IN_PATH = re.compile(r"^/groups/[0-9a-f-]{36}/members/[0-9a-f-]{36}/check-in/$")
ALERT_BANNER = "Someone needs attention now — open the alert"
CHECK_IN_BANNER = "A member answered a check-in — open the conversation"
BODY = "I have the pills saved up and I am going to end my life tonight. I can't do this any more."
IN_TOUCH = "A facilitator will read your message and be in touch."
# The United Kingdom's lines in hearth/safety/data/crisis_resources.json.
UK_LINES = ("Samaritans", "116 123 (free)", "Shout", "Text SHOUT to 85258", "999 or 112")
CRISIS_REPLY = (
    "Your post wasn't published in the group, because it sounded like you may be going through "
    "something very hard right now. A facilitator will be in touch with you soon."
)
REPLY = "Thank you for writing. My sister is staying with me tonight and I will call the helpline."
OUTCOME = "Alice answered her check-in: her sister is with her and she has the helplines."


def facts(page: Page, term: str):
    """The <dd> that follows the <dt> `term` in the page's facts list."""
    return (
        main(page).locator("dl.facts dt", has_text=term).locator("xpath=following-sibling::dd[1]")
    )


def status(page: Page):
    return page.get_by_role("status")


def mark_document(page: Page) -> None:
    """Mark the loaded document: the mark is gone once the page reloads or navigates."""
    page.evaluate("() => { window.hearthSameDocument = true; }")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("() => window.hearthSameDocument === true"))


def set_region(page: Page, region: str) -> None:
    page.goto("/account/region/")
    expect(heading(page)).to_have_text("Where are you?")
    main(page).get_by_label("Country or region").select_option(label=region)
    main(page).get_by_role("button", name="Save").click()
    expect(status(page)).to_contain_text("Saved.")


def open_group(page: Page) -> None:
    page.goto("/groups/")
    main(page).get_by_role("link", name=DEMO_GROUP_DISCREET).click()
    expect(heading(page)).to_have_text(DEMO_GROUP_DISCREET)


def open_forum(page: Page) -> None:
    open_group(page)
    page.get_by_role("navigation", name="Group").get_by_role("link", name="Forum").click()
    expect(heading(page)).to_have_text("Forum")


def thread_row(page: Page, title: str):
    return (
        main(page)
        .locator(".thread-list > li")
        .filter(has=page.get_by_role("link", name=title, exact=True))
    )


def test_a_high_risk_post_reaches_the_facilitator_who_settles_it_checks_in_and_closes_the_case(
    new_context: Callable[..., BrowserContext], fran: Page
) -> None:
    title = f"Tonight {unique_word()}"
    check_in_text = f"Alice, thank you for telling us. I'm here with you now ({unique_word()})."

    # 1. fran goes on duty; the alerts page she lands on stays open, its live socket ready.
    set_duty(fran, on_duty=True)
    expect(main(fran)).to_contain_text("You are on duty and will receive alerts.")
    banner = fran.locator("[data-live-alerts]")
    expect(banner).to_be_empty()
    wait_for_live_socket(fran)
    mark_document(fran)

    # 2. alice, on her phone, says where she is, then starts a thread in the demo group.
    alice = new_context().new_page()
    sign_in(alice, "alice")
    expect_home(alice, "alice")
    set_region(alice, "United Kingdom")
    open_forum(alice)
    main(alice).get_by_role("link", name="Start a thread").click()
    expect(heading(alice)).to_have_text("Start a thread")
    main(alice).get_by_label("Title").fill(title)
    main(alice).get_by_label("Your message").fill(BODY)
    main(alice).get_by_role("button", name="Post", exact=True).click()

    # At once: a kind word, and the helplines of her region (not the general fallback).
    expect(heading(alice)).to_have_text("Thank you for telling us")
    expect(main(alice)).to_contain_text(IN_TOUCH)
    lines = main(alice).get_by_role("region", name="Talk to someone now")
    for line in UK_LINES:
        expect(lines).to_contain_text(line)
    expect(lines).not_to_contain_text("findahelpline.com")
    axe_check(alice)
    thread_path = main(alice).get_by_role("link", name="Back to the thread").get_attribute("href")
    assert thread_path and THREAD_PATH.match(thread_path), thread_path

    # Her own view of the forum: the thread waits for a facilitator.
    open_forum(alice)
    expect(thread_row(alice, title)).to_contain_text("Waiting for a facilitator")

    # 3. fran's open page shows the alert live, without a reload; the banner names nobody.
    link = banner.locator("a")
    expect(link).to_have_text(ALERT_BANNER)
    assert same_document(fran), "the alerts page reloaded"
    alert_path = link.get_attribute("href") or ""
    assert ALERT_PATH.match(alert_path), alert_path
    for secret in ("Alice", "alice", DEMO_GROUP_DISCREET, title, "pills"):
        assert secret not in banner.inner_text()
    axe_check(fran)

    # 4. bob, another member, cannot see the held post: not listed, not at its address.
    bob = new_context().new_page()
    sign_in(bob, "bob")
    expect_home(bob, "bob")
    open_forum(bob)
    expect(main(bob).get_by_role("heading", name="Threads", level=2)).to_be_visible()
    expect(main(bob).get_by_role("link", name=title)).to_have_count(0)
    response = bob.goto(thread_path)
    assert response is not None and response.status == 404, response and response.status
    expect(bob.locator("body")).not_to_contain_text("end my life")

    # 5. fran opens the alert: its case holds the held post. She takes it.
    link.click()
    expect(heading(fran)).to_have_text("High-risk words")
    assert urlsplit(fran.url).path == alert_path
    expect(facts(fran, "Member")).to_have_text("Alice")
    expect(facts(fran, "Group")).to_have_text(DEMO_GROUP_DISCREET)
    expect(facts(fran, "Reached")).to_have_text("Group facilitators on duty")
    expect(facts(fran, "Status")).to_have_text("Open")
    expect(facts(fran, "Assigned to")).to_have_text("Nobody")
    timeline = main(fran).locator(".case-timeline")
    expect(timeline.locator('[data-timeline="alert"]')).to_contain_text("Not taken yet.")
    held = timeline.locator('[data-timeline="review"]')
    expect(held).to_have_count(1)
    expect(held).to_contain_text("High risk")
    expect(held).to_contain_text("Waiting")
    # The case page never shows the held words themselves.
    expect(main(fran)).not_to_contain_text("end my life")
    axe_check(fran)
    main(fran).get_by_role("button", name="I'll take this").click()
    expect(main(fran)).to_contain_text(re.compile(r"Taken .+ ago\."))
    expect(main(fran).get_by_role("button", name="I'll take this")).to_have_count(0)
    expect(facts(fran, "Assigned to")).not_to_have_text("Nobody")
    expect(timeline.locator('[data-timeline="alert"]')).to_contain_text("Taken by")

    # 6. From the case, the held post: veiled until she opens it, already part of this case.
    held.get_by_role("link", name="Open the item (its words are shown there)").click()
    expect(heading(fran)).to_have_text("Held for review")
    review_path = urlsplit(fran.url).path
    assert REVIEW_PATH.match(review_path), fran.url
    expect(facts(fran, "Author")).to_have_text("Alice")
    expect(facts(fran, "Risk")).to_contain_text("High risk")
    expect(facts(fran, "Status").get_by_role("link", name="open the case")).to_have_attribute(
        "href", alert_path
    )
    veil = main(fran).locator("details.review-veil")
    expect(veil).not_to_have_attribute("open", re.compile(".*"))
    expect(veil.locator(".review-text")).to_be_hidden()
    axe_check(fran)
    veil.locator("summary").click()
    expect(veil.locator(".review-title")).to_have_text(title)
    expect(veil.locator(".review-text")).to_have_text(BODY)
    expect(veil.locator(".review-text mark").first).to_be_visible()

    # She claims it. A second case would split the story: this post already has one.
    main(fran).get_by_role("button", name="I'll handle this").click()
    expect(main(fran).locator(".review-claim")).to_have_text("You are handling this.")
    expect(main(fran).get_by_role("button", name="Escalate to a safeguarding case")).to_have_count(
        0
    )
    axe_check(fran)

    # A plan to end one's life is not published to the group: the kind reply for a crisis.
    reject = (
        main(fran).locator("details.review-edit").filter(has_text="Don't publish, and reply kindly")
    )
    reject.locator("summary").click()
    reject.get_by_label("Reply to the author").select_option(label="The author may be in crisis")
    reject.get_by_role("button", name="Send the reply").click()
    expect(heading(fran)).to_have_text("Review queue")
    expect(status(fran)).to_contain_text("Not published; the author has your reply.")
    expect(main(fran).locator(f'a[href="{review_path}"]')).to_have_count(0)
    axe_check(fran)

    # 7. alice sees that it was not published, with the kind reply, on her own thread.
    open_forum(alice)
    row = thread_row(alice, title)
    expect(row).to_contain_text("Not published")
    row.get_by_role("link", name=title, exact=True).click()
    expect(heading(alice)).to_have_text(title)
    assert urlsplit(alice.url).path == thread_path
    expect(main(alice).locator("article.post-opening .message-info")).to_contain_text(CRISIS_REPLY)
    axe_check(alice)
    # Still nobody else's to read.
    response = bob.goto(thread_path)
    assert response is not None and response.status == 404, response and response.status

    # 8. Back on the case, fran writes to alice privately through her check-in.
    fran.goto(alert_path)
    expect(heading(fran)).to_have_text("High-risk words")
    expect(held).to_contain_text("Not published")
    write = main(fran).get_by_role("link", name="Write to Alice privately")
    check_in_path = write.get_attribute("href") or ""
    assert CHECK_IN_PATH.match(check_in_path), check_in_path
    write.click()
    expect(heading(fran)).to_have_text("Check-in with Alice")
    assert urlsplit(fran.url).path == check_in_path
    axe_check(fran)
    main(fran).get_by_label("Your message").fill(check_in_text)
    main(fran).get_by_role("button", name="Send").click()
    expect(status(fran)).to_contain_text("Sent. The member sees it as from a facilitator.")
    conversation = main(fran).locator("[data-check-in] > li")
    expect(conversation.filter(has_text=check_in_text)).to_have_count(1)
    expect(main(fran).get_by_label("Your message")).to_be_empty()
    wait_for_live_socket(fran)
    mark_document(fran)

    # 9. alice finds the message in her group, from "Facilitator", and answers it.
    open_group(alice)
    notice = main(alice).locator("[data-check-in-notice]")
    expect(notice).to_have_text("A facilitator has written to you")
    notice.get_by_role("link").click()
    expect(heading(alice)).to_have_text("Your check-in with the facilitators")
    message = main(alice).locator("[data-check-in-message][data-from-staff]")
    expect(message).to_have_count(1)
    expect(message).to_contain_text(check_in_text)
    expect(message.locator("strong")).to_have_text("Facilitator")
    axe_check(alice)
    main(alice).get_by_label("Your message").fill(REPLY)
    main(alice).get_by_role("button", name="Reply").click()
    expect(status(alice)).to_contain_text("Sent to the facilitators.")
    expect(main(alice).locator("[data-check-in-message]").filter(has_text=REPLY)).to_have_count(1)
    # Once read, the notice is gone.
    open_group(alice)
    expect(main(alice).locator("[data-check-in-notice]")).to_have_count(0)

    # 10. fran's open check-in page tells her live that alice answered.
    answered = banner.locator("a")
    expect(answered).to_have_text(CHECK_IN_BANNER)
    assert same_document(fran), "the check-in page reloaded"
    assert answered.get_attribute("href") == check_in_path
    answered.click()
    expect(heading(fran)).to_have_text("Check-in with Alice")
    reply = conversation.filter(has_text=REPLY)
    expect(reply).to_have_count(1)
    expect(reply.locator("strong")).to_have_text("Alice")

    # 11. She closes the case with an outcome.
    fran.get_by_role("navigation", name="Main").get_by_role("link", name="Alerts").click()
    expect(heading(fran)).to_have_text("Alerts")
    alert_id = alert_path.split("/")[-2]
    listed = main(fran).locator(f'[data-alert="{alert_id}"]')
    expect(listed).to_contain_text("taken")
    listed.get_by_role("link", name="High-risk words").click()
    expect(heading(fran)).to_have_text("High-risk words")
    main(fran).get_by_label("Outcome").fill(OUTCOME)
    main(fran).get_by_role("button", name="Close case").click()
    expect(heading(fran)).to_have_text("Alerts")
    expect(status(fran)).to_contain_text("The case is closed.")
    expect(main(fran).locator(f'[data-alert="{alert_id}"]')).to_have_count(0)
    axe_check(fran)

    # The closed case stays readable, with its held post, and offers nothing more to do.
    fran.goto(alert_path)
    expect(main(fran)).to_contain_text("This case is closed.")
    expect(facts(fran, "Status")).to_have_text("Closed")
    expect(held).to_contain_text("Not published")
    expect(main(fran).get_by_role("link", name="Write to Alice privately")).to_have_count(0)
    expect(main(fran).get_by_role("button", name="Close case")).to_have_count(0)
    axe_check(fran)

    # Later journeys start from the same rota and the same helplines for alice.
    set_duty(fran, on_duty=False)
    expect(main(fran)).to_contain_text("You are off duty.")
    set_region(alice, "Not set")

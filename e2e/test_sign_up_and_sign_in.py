"""Creating an account and signing in with it, on a phone-sized screen."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from support import (
    NEW_PASSPHRASE,
    axe_check,
    continue_from_codes,
    expect_home,
    main,
    new_pseudonym,
    sign_in,
    sign_out,
)


def test_new_member_signs_up_keeps_recovery_codes_then_signs_out_and_in_again(page: Page) -> None:
    pseudonym = new_pseudonym("willow")
    page.goto("/account/sign-up/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    axe_check(page)

    form = main(page)
    form.get_by_label("Pseudonym").fill(pseudonym)
    form.get_by_label("Passphrase", exact=True).fill(NEW_PASSPHRASE)
    form.get_by_label("Passphrase again").fill(NEW_PASSPHRASE)
    form.get_by_label("I have read how Hearth protects and keeps my information.").check()
    form.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    texts = [t.strip() for t in codes.all_inner_texts()]
    assert len(set(texts)) == 10 and all(texts), texts
    axe_check(page)

    continue_from_codes(page)
    expect_home(page, pseudonym)
    axe_check(page)

    # The codes were shown once: coming back offers only a new set.
    page.goto("/account/recovery-codes/")
    expect(page.locator("[data-recovery-codes]")).to_have_count(0)
    for code in texts:
        expect(main(page)).not_to_contain_text(code)
    expect(page.get_by_role("button", name="Make new recovery codes")).to_be_visible()

    page.goto("/")
    sign_out(page)
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    axe_check(page)

    sign_in(page, pseudonym, NEW_PASSPHRASE)
    expect_home(page, pseudonym)


def test_weak_passphrase_shows_error_summary_and_keeps_pseudonym(page: Page) -> None:
    pseudonym = new_pseudonym("fern")
    page.goto("/account/sign-up/")
    form = main(page)
    form.get_by_label("Pseudonym").fill(pseudonym)
    form.get_by_label("Passphrase", exact=True).fill("password password")
    form.get_by_label("Passphrase again").fill("password password")
    form.get_by_label("I have read how Hearth protects and keeps my information.").check()
    form.get_by_role("button", name="Create account").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    # The summary links to the passphrase field, which carries the same message.
    link = summary.get_by_role("link").first
    expect(link).to_have_attribute("href", "#id_passphrase")
    expect(page.locator("#id_passphrase_error")).to_be_visible()
    expect(form.get_by_label("Pseudonym")).to_have_value(pseudonym)
    expect(form.get_by_label("Passphrase", exact=True)).to_have_value("")
    assert page.url.endswith("/account/sign-up/")
    axe_check(page)

    link.click()
    expect(page.locator("#id_passphrase")).to_be_focused()


def test_sign_in_page_is_accessible_and_wrong_passphrase_is_refused(page: Page) -> None:
    page.goto("/account/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe_check(page)

    sign_in(page, "charlie", "not the right passphrase at all")
    expect(page.get_by_role("alert")).to_contain_text("That pseudonym and passphrase do not match.")
    expect(main(page).get_by_label("Pseudonym")).to_have_value("charlie")
    axe_check(page)

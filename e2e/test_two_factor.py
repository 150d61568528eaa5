"""Two-step sign-in: an authenticator app for a member, staff with TOTP, and a passkey."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect
from support import (
    DEMO_PASSPHRASE,
    DEMO_TOTP_SECRET,
    NEW_PASSPHRASE,
    axe_check,
    current_step,
    enter_code,
    expect_home,
    expect_second_step,
    main,
    new_pseudonym,
    sign_in,
    sign_out,
    sign_up_and_continue,
    totp_code,
)


def test_member_turns_on_authenticator_then_sign_in_needs_a_fresh_code(page: Page) -> None:
    pseudonym = new_pseudonym("heron")
    sign_up_and_continue(page, pseudonym)

    page.goto("/account/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    axe_check(page)
    secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
    step = current_step()
    main(page).get_by_label("Code").fill(totp_code(secret))
    main(page).get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("link", name="Two-step sign-in: on")).to_be_visible()

    sign_out(page)
    sign_in(page, pseudonym, NEW_PASSPHRASE)
    expect_second_step(page)
    axe_check(page)
    # The setup code was spent; the next step's code is within the allowed drift.
    next_code = totp_code(secret, step + 1 - current_step())
    enter_code(page, next_code)
    expect_home(page, pseudonym)

    sign_out(page)
    sign_in(page, pseudonym, NEW_PASSPHRASE)
    expect_second_step(page)
    enter_code(page, next_code)
    expect(main(page).locator("#id_code_error")).to_have_text(
        "That code did not work. Codes change every 30 seconds."
    )
    expect_second_step(page)
    axe_check(page)


def test_facilitator_signs_in_with_passphrase_and_authenticator_code(page: Page) -> None:
    sign_in(page, "fran", DEMO_PASSPHRASE)
    expect_second_step(page)
    # Nothing of Hearth opens before the second step.
    page.goto("/account/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Your account")
    page.goto("/account/sign-in/verify/")
    enter_code(page, totp_code(DEMO_TOTP_SECRET))
    # Signed in, she lands on the page she first asked for.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    page.goto("/")
    expect_home(page, "fran")
    expect(page.get_by_role("link", name="Give a member a passphrase reset link")).to_be_visible()


def test_member_adds_a_passkey_and_uses_it_at_the_second_step(
    new_context: Callable[..., BrowserContext], servers
) -> None:
    # WebAuthn needs a secure context: http://localhost is one, http://127.0.0.1 is not.
    context = new_context(base_url=servers.localhost_url)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    pseudonym = new_pseudonym("otter")
    sign_up_and_continue(page, pseudonym)
    page.goto("/account/two-factor/")
    register = page.locator("[data-passkey-register]")
    expect(register).to_be_visible()
    register.get_by_label("Name for this passkey").fill("Phone passkey")
    register.get_by_role("button", name="Add a passkey").click()
    expect(main(page).get_by_role("listitem").filter(has_text="Phone passkey")).to_be_visible()
    expect(page.locator("[data-passkey-error]")).to_be_hidden()

    sign_out(page)
    sign_in(page, pseudonym, NEW_PASSPHRASE)
    expect_second_step(page)
    use = page.get_by_role("button", name="Use your passkey")
    expect(use).to_be_visible()
    axe_check(page)
    use.click()
    expect_home(page, pseudonym)

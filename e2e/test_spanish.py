"""Choosing Español in the footer turns the pages into Spanish."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from support import axe_check

# Verified against hearth/locale/es/LC_MESSAGES/django.po when this test was written.
SIGN_IN_ES = "Iniciar sesión"
CREATE_ACCOUNT_ES = "Crear una cuenta"


def test_choosing_espanol_in_the_footer_shows_pages_in_spanish(page: Page) -> None:
    page.goto("/account/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option(label="Español")
    footer.get_by_role("button", name="Change").click()

    # Back on the same page, now in Spanish.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_ES)
    assert page.url.endswith("/account/sign-in/")
    expect(page.get_by_role("contentinfo").get_by_label("Idioma")).to_have_value("es")
    axe_check(page)

    # The choice sticks for the next pages.
    page.goto("/account/sign-up/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(CREATE_ACCOUNT_ES)
    axe_check(page)

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("main").get_by_role("link", name=SIGN_IN_ES)).to_be_visible()
    axe_check(page)

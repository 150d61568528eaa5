"""Every page's shell: security headers, no inline script, nothing from another origin."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from django.test import Client

from hearth.lib.testing.cast import sign_in

pytestmark = pytest.mark.django_db
PAGES_ANONYMOUS = ["/", "/account/sign-in/", "/account/sign-up/", "/account/recover/", "/nope/"]
PAGES_SIGNED_IN = [
    "/",
    "/account/",
    "/account/sessions/",
    "/account/two-factor/",
    "/account/passphrase/",
    "/account/recovery-codes/",
]


def _pages(cast):
    anonymous = Client()
    for path in PAGES_ANONYMOUS:
        yield path, anonymous.get(path)
    member = Client()
    sign_in(member, cast.alice)
    for path in PAGES_SIGNED_IN:
        yield path, member.get(path)


def test_every_page_sends_the_security_headers(cast):
    for path, response in _pages(cast):
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, path
        assert re.search(r"script-src 'self' 'nonce-[^']+'", csp), path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert response["X-Frame-Options"] == "DENY", path
        assert "camera=()" in response["Permissions-Policy"], path
        assert "microphone=()" in response["Permissions-Policy"], path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["Cache-Control"].startswith("no-store"), path
        assert response["X-Content-Type-Options"] == "nosniff", path


def test_no_inline_script_and_nothing_from_another_origin(cast):
    for path, response in _pages(cast):
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in tag and f'nonce="{nonce}"' in tag, (path, tag)
        bodies = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
        assert all(not body.strip() for body in bodies), f"inline script on {path}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {path}"
        external = re.findall(r'(?:src|href|action)="(https?:)?//', html)
        assert not external, f"{path} refers to another origin"


def test_every_page_has_the_quick_exit_skip_link_and_landmarks(cast):
    for path, response in _pages(cast):
        html = response.content.decode()
        assert 'class="skip-link" href="#main"' in html, path
        assert '<main id="main"' in html and "<header" in html and "<footer" in html, path
        assert "data-quick-exit" in html and 'action="/leave/"' in html, path
        assert re.search(r'<html lang="(en|es)">', html), path


def test_error_pages_are_calm_and_in_the_site_style(cast):
    response = Client().get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404 and "We could not find that page" in html
    assert "data-quick-exit" in html


def test_spanish_is_served_when_chosen(cast):
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    html = client.get("/account/sign-in/").content.decode()
    assert '<html lang="es">' in html


@pytest.mark.parametrize(
    "env, message",
    [
        ({"HEARTH_SECRET_KEY": "x"}, "HEARTH_MASTER_KEY"),
        (
            {"HEARTH_MASTER_KEY": "dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcHJvZC0zMmI="},
            "HEARTH_SECRET_KEY",
        ),
        (
            {"HEARTH_SECRET_KEY": "x", "HEARTH_MASTER_KEY": "too-short"},
            "HEARTH_MASTER_KEY must be 32",
        ),
        (
            {"HEARTH_SECRET_KEY": "x", "HEARTH_MASTER_KEY_FILE": "/nonexistent/key"},
            "HEARTH_MASTER_KEY_FILE",
        ),
        (
            {
                "HEARTH_SECRET_KEY": "x",
                "HEARTH_MASTER_KEY": "dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcHJvZC0zMmI=",
                "HEARTH_DEBUG": "maybe",
            },
            "HEARTH_DEBUG must be true or false",
        ),
    ],
)
def test_start_up_stops_with_a_message_naming_the_missing_or_bad_variable(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import hearth.settings"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and message in result.stderr

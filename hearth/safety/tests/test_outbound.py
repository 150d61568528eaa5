import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.urls import reverse

from hearth.lib.markup import render_markdown
from hearth.lib.testing.cast import sign_in
from hearth.safety.outbound import MAX_URL_CHARS

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.scripts = 0
        self.inline_styles = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs)
        if tag == "script" and "src" not in attrs:
            self.scripts += 1
        if tag == "style" or "style" in attrs:
            self.inline_styles += 1


def _parse(response):
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


def _out(client, url, **headers):
    return client.get(reverse("outbound") + "?to=" + quote(url, safe=""), headers=headers)


def _continue(response):
    found = [a for a in _parse(response).links if "data-outbound-continue" in a]
    return found[0] if found else None


def test_shows_the_full_destination_and_a_plain_link_to_continue(client):
    url = "https://www.example.co.uk/support/page?a=1&b=2#part"
    response = _out(client, url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "You are leaving Hearth" in body and "<h1>" in body
    link = _continue(response)
    assert link["href"] == url
    assert set(link["rel"].split()) == {"noreferrer", "noopener", "nofollow"}
    # The registrable domain is picked out inside the full address.
    assert (
        "https://www.<strong data-outbound-domain>example.co.uk</strong>"
        "/support/page?a=1&amp;b=2#part" in body
    )
    assert "data-outbound-warning" not in body


def test_never_redirects_and_needs_no_script(client):
    response = _out(client, "https://example.org/")
    assert response.status_code == 200 and "Location" not in response
    assert "http-equiv" not in response.content.decode().lower()
    page = _parse(response)
    assert page.scripts == 0 and page.inline_styles == 0


def test_has_a_go_back_link_to_the_page_that_held_the_link(client, cast):
    sign_in(client, cast.alice)
    response = _out(client, "https://example.org/", Referer="http://testserver/groups/abc/?page=2")
    backs = [a for a in _parse(response).links if a.get("href") == "/groups/abc/?page=2"]
    assert backs and "Go back" in response.content.decode()


def test_go_back_never_points_at_another_site(client):
    response = _out(client, "https://example.org/", Referer="https://evil.example/phish")
    hrefs = [a["href"] for a in _parse(response).links]
    assert "https://evil.example/phish" not in hrefs and "/" in hrefs


def test_headers_forbid_referrer_and_caching(client):
    response = _out(client, "https://example.org/")
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_works_signed_in_and_signed_out(client, cast):
    assert _out(client, "https://example.org/").status_code == 200
    sign_in(client, cast.alice)
    assert _out(client, "https://example.org/").status_code == 200


def test_links_from_rendered_markdown_arrive_intact(client):
    original = "https://example.org/a b?x=1&y=ü#frag"
    html = render_markdown(f"[here](<{original}>)")
    href = re.search(r'href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(href)
    assert response.status_code == 200
    assert _continue(response)["href"] == "https://example.org/a%20b?x=1&y=%C3%BC#frag"


@pytest.mark.parametrize(
    ("url", "finding"),
    [
        ("https://xn--pple-43d.com/login", "punycode"),
        ("http://192.168.1.10/photos", "raw IP address"),
        ("https://bit.ly/3abcDEF", "shortener"),
        ("https://example.org/downloads/setup.exe", "program or app download"),
        ("https://www.paypal.com.secure-login.xyz/verify", "imitating paypal"),
    ],
)
def test_warns_with_the_detectors_finding(client, url, finding):
    response = _out(client, url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-outbound-warning" in body and "may not be what it seems" in body
    assert finding in body
    assert _continue(response)["href"] == url


def test_punycode_host_is_shown_in_its_unicode_form(client):
    body = _out(client, "https://xn--pple-43d.com/").content.decode()
    assert '<strong class="breakable" data-outbound-unicode>\u0430pple.com</strong>' in body
    assert "<strong data-outbound-domain>xn--pple-43d.com</strong>" in body


def test_raw_unicode_look_alike_host_is_warned_about(client):
    body = _out(client, "https://\u0430pple.com/").content.decode()
    assert "data-outbound-warning" in body and "punycode" in body


def test_raw_ip_address_is_highlighted_whole(client):
    body = _out(client, "http://10.0.0.1:8080/x").content.decode()
    assert "http://<strong data-outbound-domain>10.0.0.1</strong>:8080/x" in body


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/file",
        "mailto:someone@example.org",
        "//evil.example/",
        "/account/",
        "https:/example.org",
        "https://",
        "https://user:secret@example.org/",
        "https://example.org@evil.example/",
        "https://example.org:99999/",
        "https://exa mple.org/",
        "java\tscript:alert(1)",
        "https://example.org/\nSet-Cookie:x",
        "https://example.org/" + "a" * MAX_URL_CHARS,
    ],
)
def test_refuses_anything_but_a_plain_web_address_with_400(client, url):
    response = _out(client, url)
    assert response.status_code == 400
    body = response.content.decode()
    assert "This link cannot be opened" in body and "data-outbound-refused" in body
    assert _continue(response) is None
    # Nothing on the page links to the refused address.
    assert all(
        a.get("href") in ("/", "/account/") or "skip" in str(a) for a in _parse(response).links
    )
    assert response["Referrer-Policy"] == "no-referrer"


def test_refuses_a_missing_address(client):
    response = client.get(reverse("outbound"))
    assert response.status_code == 400 and "no address" in response.content.decode()


def test_credentials_are_explained(client):
    body = _out(client, "https://me:pw@example.org/").content.decode()
    assert "user name or password" in body


def test_address_at_the_length_limit_is_accepted(client):
    url = "https://example.org/"
    url += "a" * (MAX_URL_CHARS - len(url))
    assert _out(client, url).status_code == 200


def test_only_get_is_allowed(client):
    assert client.post(reverse("outbound") + "?to=https://example.org/").status_code == 405

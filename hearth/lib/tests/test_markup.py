import re
import time
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from hearth.lib.markup import LINK_REL, MAX_CHARS, render_markdown

_HREF = re.compile(r'href="([^"]*)"')
_ALLOWED = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4",
    "hr", "del",
}  # fmt: skip


def _destinations(html):
    """Return the original URLs behind every /out/ link in `html`."""
    found = []
    for href in _HREF.findall(html):
        parts = urlsplit(href.replace("&amp;", "&"))
        assert parts.path == "/out/" and not parts.scheme and not parts.netloc
        found.append(parse_qs(parts.query)["to"][0])
    return found


class _Elements(HTMLParser):
    """Collect the elements and attributes a browser would build (escaped text is not one)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def _assert_inert(html):
    for tag, attrs in _elements(html):
        assert tag in _ALLOWED
        if tag == "a":
            assert set(attrs) == {"href", "rel"} and attrs["href"].startswith("/out/?to=")
            assert attrs["rel"] == LINK_REL
        else:
            assert attrs == {}


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "<!-- <script>alert(1)</script> -->",
        '<p style="background:url(https://tracker.example/x)">x</p>',
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "**<img src=x onerror=alert(1)>**",
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(text):
    html = render_markdown(text)
    _assert_inert(html)
    assert "&lt;" in html
    assert not any(tag == "a" for tag, _ in _elements(html))


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](jav&#9;ascript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click]( javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "[click](file:///etc/passwd)",
        "[click](mailto:someone@example.org)",
        "[click](ftp://example.org/)",
        "[click](//evil.example/)",
        "[click](/account/)",
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<vbscript:msgbox(1)>",
        "<someone@example.org>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_links_that_are_not_web_addresses_become_plain_text(text):
    html = render_markdown(text)
    _assert_inert(html)
    assert "<a" not in html
    assert "click" in html or "alert" in html or "example.org" in html or "msgbox" in html


def test_web_links_go_through_the_leaving_page_with_the_original_address():
    html = render_markdown("Try [this site](https://example.org/help?a=1&b=2#top) today.")
    assert _destinations(html) == ["https://example.org/help?a=1&b=2#top"]
    assert f'rel="{LINK_REL}"' in html
    assert ">this site</a>" in html


def test_autolinks_and_reference_links_go_through_the_leaving_page():
    html = render_markdown("<http://example.org/a>\n\n[ref link][r]\n\n[r]: https://example.net/b")
    assert _destinations(html) == ["http://example.org/a", "https://example.net/b"]


def test_bare_addresses_are_not_linked():
    assert "<a" not in render_markdown("see https://example.org/ please")


def test_link_titles_are_dropped():
    html = render_markdown('[x](https://example.org/ "a title")')
    assert "title" not in html and _destinations(html) == ["https://example.org/"]


def test_links_with_credentials_become_plain_text():
    assert "<a" not in render_markdown("[x](https://user:pass@example.org/)")


def test_allow_links_false_keeps_only_the_text():
    html = render_markdown("[a friend](https://example.org/) says hi", allow_links=False)
    assert "<a" not in html and "a friend" in html and "example.org" not in html


@pytest.mark.parametrize(
    "text",
    [
        "![a cat](https://tracker.example/cat.png)",
        '![a cat](https://tracker.example/cat.png "title")',
        "![a cat][img]\n\n[img]: https://tracker.example/cat.png",
        "[![a cat](https://tracker.example/cat.png)](https://example.org/)",
        '<img src="https://tracker.example/cat.png">',
    ],
)
def test_markdown_images_never_become_img_elements(text):
    html = render_markdown(text)
    _assert_inert(html)
    assert all(tag != "img" for tag, _ in _elements(html))
    # Any address left is reachable only through the leaving page, never fetched by the browser.
    for destination in _destinations(html):
        assert destination.startswith(("https://tracker.example/", "https://example.org/"))


def test_headings_are_demoted_below_the_page_headings():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n###### Six\n\nSetext\n======")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>One</h3>" in html and "<h4>Two</h4>" in html
    assert "<h4>Three</h4>" in html and "<h4>Six</h4>" in html and "<h3>Setext</h3>" in html


def test_everyday_formatting_survives():
    html = render_markdown(
        "*soft* **strong** ~~gone~~ `code`\nnext line\n\n> quoted\n\n- one\n- two\n\n1. first\n\n---"
    )
    for fragment in (
        "<em>soft</em>",
        "<strong>strong</strong>",
        "<del>gone</del>",
        "<code>code</code>",
        "<br>",
        "<blockquote>",
        "<ul>",
        "<ol>",
        "<li>one</li>",
        "<hr>",
    ):
        assert fragment in html


def test_code_blocks_keep_their_text_but_not_their_class():
    html = render_markdown("```python\nprint('<b>hi</b>')\n```")
    assert "<pre><code>" in html and "&lt;b&gt;" in html and "class" not in html


def test_unclosed_code_fence_renders_the_rest_as_code():
    html = render_markdown("before\n\n```\nnever closed\n# not a heading")
    assert "<pre><code>" in html and "never closed" in html and "<h3" not in html


@pytest.mark.parametrize(
    "text",
    [
        ">" * 1000 + " deep",
        "> " * 1000 + "deep",
        "".join("  " * i + "- item\n" for i in range(1000)),
        "- " * 1000 + "deep",
        "1. " * 1000 + "deep",
        "*" * 1000 + "a" + "*" * 1000,
        "[" * 1000 + "a" + "]" * 1000 + "(https://example.org/)",
        "`" * 1000,
        "<" * 1000,
    ],
)
def test_malformed_and_deeply_nested_markdown_renders(text):
    html = render_markdown(text)
    _assert_inert(html)
    # Nesting is capped, so the output cannot be 1000 levels deep.
    assert html.count("<blockquote>") <= 50 and html.count("<ul>") + html.count("<ol>") <= 50


@pytest.mark.parametrize(
    "text",
    ["[" * MAX_CHARS, "![" * (MAX_CHARS // 2), "*a " * (MAX_CHARS // 3), ">" * MAX_CHARS],
)
def test_pathological_input_renders_in_bounded_time(text):
    # A generous bound: the point is "not quadratic in the input", not a benchmark.
    started = time.perf_counter()
    render_markdown(text)
    assert time.perf_counter() - started < 5


def test_input_beyond_the_limit_is_cut():
    html = render_markdown("a" * MAX_CHARS + "TAILMARKER")
    assert "TAILMARKER" not in html and "a" * 1000 in html


def test_empty_input_renders_empty():
    assert render_markdown("") == ""


def test_nul_and_control_characters_do_not_break_rendering():
    html = render_markdown("a\x00b\x1b[31mc\u202etxt.exe")
    assert "\x00" not in html and "a" in html

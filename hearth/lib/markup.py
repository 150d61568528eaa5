"""Render a member's Markdown to safe HTML: no raw HTML, no images, every link via /out/.

Two layers, so one bug is not enough: markdown-it with raw HTML off builds the HTML, and the
tokens are rewritten before rendering (headings demoted, links checked and sent through the
leaving-Hearth page); then nh3 keeps only a short list of tags and attributes.
Images are never rendered: a remote image would be a request to a third party that reveals a
reader's address and the time they read the post.

Pure: imports only the standard library, markdown_it and nh3.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_CHARS = 50_000
OUT_PREFIX = "/out/?to="
LINK_REL = "nofollow noopener noreferrer"

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4",
    "hr", "del",
}  # fmt: skip
# A post must not outrank the page's own h1 and h2.
_HEADINGS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}
# After markdown-it's normalisation a good href is plain ASCII: no spaces or control characters.
_WEB_URL = re.compile(r"https?://[!-~]+\Z", re.I)

# Built once: constructing the parser costs more than rendering a typical post. maxNesting (20
# in the commonmark preset) bounds the depth of quotes and lists, so nesting cannot blow the
# stack or the time budget.
_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    .disable(["image"])
    .enable(["strikethrough"])
)


def _only_out_links(tag: str, attribute: str, value: str) -> str | None:
    # Belt and braces: only hrefs this module wrote survive the sanitiser. nh3 passes its own
    # rel through this filter too, so that must be let by.
    if tag == "a" and (
        (attribute == "href" and value.startswith(OUT_PREFIX))
        or (attribute == "rel" and value == LINK_REL)
    ):
        return value
    return None


_cleaner = nh3.Cleaner(
    tags=_TAGS,
    attributes={"a": {"href"}},
    attribute_filter=_only_out_links,
    link_rel=LINK_REL,
    strip_comments=True,
)


def web_url(href: str) -> bool:
    """Return True if `href` is an absolute http(s) address with a host and no credentials."""
    if not _WEB_URL.match(href):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and "@" not in (parts.netloc)
    )


def outbound_href(url: str) -> str:
    """Return the leaving-Hearth page address for `url` (quoted whole, so ?, & and # survive)."""
    return OUT_PREFIX + quote(url, safe="")


def _rewrite_inline(children: list[Token], allow_links: bool) -> list[Token]:
    kept: list[Token] = []
    dropping = False  # links cannot nest in CommonMark, so one flag pairs open and close
    for token in children:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if allow_links and web_url(href):
                token.attrs = {"href": outbound_href(href)}
                dropping = False
                kept.append(token)
            else:
                # The link text stays as plain text; only the link goes.
                dropping = True
            continue
        if token.type == "link_close":
            if not dropping:
                kept.append(token)
            dropping = False
            continue
        if token.type in ("s_open", "s_close"):
            token.tag = "del"
        kept.append(token)
    return kept


def render_markdown(text: str, *, allow_links: bool = True) -> str:
    """Return sanitised HTML for Markdown `text` (the caller marks it safe).

    Links to http(s) go through /out/; any other link becomes its text; images never render.
    Input beyond MAX_CHARS is cut: callers validate length first, this only bounds the work.
    """
    tokens = _md.parse(text[:MAX_CHARS])
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADINGS.get(token.tag, "h4")
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children, allow_links)
    html = _md.renderer.render(tokens, _md.options, {})
    return _cleaner.clean(html)

"""The "You are leaving Hearth" page every link in member content goes through (/out/?to=...).

A link in a support group is a classic way in for phishing and grooming: the page shows the whole
address with its registrable domain picked out, the Unicode form of a punycode host, and the
unsafe-link detector's findings, then a plain link the person chooses to follow. No redirect and
no script, so nothing leaves Hearth until the person decides. Referrer-Policy: no-referrer keeps
the group's address out of the destination's logs; the page is no-store like every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import tldextract
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hearth.lib.http import local_path
from hearth.safety.detectors.unsafe_links import UnsafeLinks
from hearth.safety.types import AssessContext

MAX_URL_CHARS = 2_000
# Offline only: the suffix snapshot bundled with tldextract, never a download or a cache write.
_tld = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
_detector = UnsafeLinks()


@dataclass
class Destination:
    """A checked outbound address, split so the template can highlight the registrable domain."""

    url: str
    before: str
    domain: str
    after: str
    unicode_host: str = ""
    warnings: list[str] = field(default_factory=list)


class Refused(ValueError):
    """The address cannot be offered as a link; the message says why, for the person."""


def _registrable(host: str) -> str:
    ext = _tld(host)
    if hasattr(ext, "top_domain_under_public_suffix"):
        return str(ext.top_domain_under_public_suffix)
    return str(ext.registered_domain)  # tldextract before 5.3


def _unicode_host(host: str) -> str:
    if "xn--" not in host:
        return ""
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return ""


def _ascii_form(url: str, parts_host: str) -> str:
    # urlextract misses raw non-ASCII hosts; the detector sees their punycode form instead.
    try:
        ascii_host = parts_host.encode("idna").decode("ascii")
    except UnicodeError:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc.lower().replace(parts_host, ascii_host, 1)
    return urlunsplit(parts._replace(netloc=netloc))


def check_destination(raw: str | None) -> Destination:
    """Return the split, assessed destination, or raise Refused for anything not offered as a link.

    Only absolute http(s) addresses with a host, no credentials and at most MAX_URL_CHARS pass.
    """
    if not raw:
        raise Refused(_("This link has no address to go to."))
    if len(raw) > MAX_URL_CHARS:
        raise Refused(_("This address is too long to be a normal web address."))
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in raw):
        raise Refused(_("This address contains hidden characters, so we will not open it."))
    try:
        parts = urlsplit(raw)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as error:
        raise Refused(_("This address is not a valid web address.")) from error
    if parts.scheme.lower() not in ("http", "https") or not raw.lower().startswith(
        parts.scheme.lower() + "://"
    ):
        raise Refused(_("Only web addresses (http and https) can be opened from Hearth."))
    if "@" in parts.netloc:
        # user:pass@ hides the real host behind something that looks like one.
        raise Refused(_("This address contains a user name or password, so we will not open it."))
    if not host:
        raise Refused(_("This address is not a valid web address."))

    start = len(parts.scheme) + 3
    host_end = start + len(parts.netloc)
    if parts.port is not None or parts.netloc.endswith(":"):
        host_end = start + parts.netloc.rfind(":")
    domain = _registrable(host)
    host_text = raw[start:host_end]
    if domain and host_text.lower().endswith(domain):
        domain_start = host_end - len(domain)
    else:
        # An IP address, a single-label or unknown host: the whole host is what matters.
        domain_start = start
    probe = raw if host.isascii() else _ascii_form(raw, host)
    warnings = list(dict.fromkeys(f.message for f in _detector.detect(probe, AssessContext())))
    return Destination(
        url=raw,
        before=raw[:domain_start],
        domain=raw[domain_start:host_end],
        after=raw[host_end:],
        unicode_host=_unicode_host(host),
        warnings=warnings,
    )


def _back(request: HttpRequest) -> str:
    # The page that held the link, when the browser says so (same-origin referrer policy).
    referer = request.headers.get("Referer", "")
    try:
        parts = urlsplit(referer)
    except ValueError:
        return "/"
    if parts.netloc != request.get_host():
        return "/"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith("/out/"):
        return "/"
    return local_path(request, path) or "/"


@require_GET
def outbound(request: HttpRequest) -> HttpResponse:
    """Show where a link really goes and let the person choose; 400 for what is not a web link."""
    context: dict[str, object] = {"back": _back(request)}
    status = 200
    try:
        context["destination"] = check_destination(request.GET.get("to"))
    except Refused as refused:
        context["refused"] = str(refused)
        status = 400
    response = render(request, "outbound.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"
    return response

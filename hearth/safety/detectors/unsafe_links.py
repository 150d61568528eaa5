"""Detect unsafe links: shorteners, punycode look-alikes, raw IPs, executables, phishing shapes.

Everything is offline: urlextract's bundled TLD list and tldextract's bundled suffix snapshot,
never a network fetch.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import tldextract
from urlextract import URLExtract

from hearth.lib.text import fold
from hearth.safety.types import AssessContext, Finding

_NAME = "unsafe_links"
_SHORTENERS = frozenset(
    [
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "cutt.ly",
        "rb.gy",
        "tiny.cc",
        "shorturl.at",
        "rebrand.ly",
        "bl.ink",
        "t.ly",
        "s.id",
        "v.gd",
        "lnkd.in",
        "soo.gd",
        "qr.ae",
        "bitly.com",
        "tiny.one",
    ]
)
_EXECUTABLE = re.compile(
    r"\.(?:exe|apk|scr|bat|cmd|msi|js|jar|vbs|ps1|com|pif|dmg|pkg|app|hta|wsf|lnk|iso|sh)$", re.I
)
_BRANDS = (
    "paypal",
    "apple",
    "google",
    "microsoft",
    "facebook",
    "instagram",
    "amazon",
    "netflix",
    "whatsapp",
    "bank",
    "hmrc",
    "gov",
    "nhs",
    "outlook",
    "icloud",
    "hearth",
)
_PHISH_WORDS = re.compile(
    r"(?:login|log-in|signin|sign-in|verify|verification|account|"
    r"password|secure|update|unlock|confirm)",
    re.I,
)
_SCRIPT_URL = re.compile(r"\b(?:javascript|data|vbscript)\s*:", re.I)
# urlextract scans every dot against the TLD list (~60 ms per 5,000 characters): gate it.
_URL_HINT = re.compile(
    r"(?:https?://|www\.|\b[\w-]+\.(?:[a-z]{2,3}|info|link|site|online|click|xyz|app)(?:/|\b))",
    re.I,
)
_extractor: URLExtract | None = None
# No network: no suffix-list URLs, no cache dir to write, the snapshot bundled with the wheel.
_tld = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def _urls() -> URLExtract:
    global _extractor
    if _extractor is None:
        _extractor = URLExtract(extract_email=False, cache_dns=False)
    return _extractor


def _problems(url: str) -> list[str]:
    candidate = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ["malformed link"]
    host = (parts.hostname or "").lower()
    reasons = []
    try:
        ipaddress.ip_address(host)
        reasons.append("link to a raw IP address")
    except ValueError:
        pass
    ext = _tld(host)
    registered = (
        ext.top_domain_under_public_suffix
        if hasattr(ext, "top_domain_under_public_suffix")
        else ext.registered_domain
    )
    if host in _SHORTENERS or registered in _SHORTENERS:
        reasons.append("link shortener hides the destination")
    if "xn--" in host:
        reasons.append("internationalised (punycode) domain that may imitate another")
    elif any(ord(c) > 127 for c in host):
        reasons.append("domain with non-Latin look-alike letters")
    if _EXECUTABLE.search(parts.path or ""):
        reasons.append("link to a program or app download")
    folded_host = fold(host).text
    brand_hit = [b for b in _BRANDS if b in folded_host]
    if brand_hit and _PHISH_WORDS.search(host + (parts.path or "")):
        own = ext.domain.lower() in brand_hit
        if not own or folded_host != host:
            reasons.append("looks like a login page imitating " + brand_hit[0])
    return reasons


class UnsafeLinks:
    """Flag links whose shape is commonly used for phishing or malware. MEDIUM."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return a MEDIUM finding per unsafe link and per javascript:/data: URL."""
        findings = []
        for m in _SCRIPT_URL.finditer(text):
            findings.append(
                Finding(_NAME, "unsafe_link", "medium", 0.9, [m.span()], "Script or data URL")
            )
        if not _URL_HINT.search(text):
            return findings
        for url, (start, end) in _urls().find_urls(text, get_indices=True):
            reasons = _problems(url)
            if reasons:
                findings.append(
                    Finding(
                        _NAME,
                        "unsafe_link",
                        "medium",
                        0.8,
                        [(start, end)],
                        "Unsafe link: " + "; ".join(reasons),
                    )
                )
        return findings

"""A coarse, human label for a session's device: never an address or a full user agent."""

from __future__ import annotations

_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def label(user_agent: str) -> str:
    """Return e.g. "Firefox on Android" for a user-agent string."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "Browser")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "unknown system")
    return f"{browser} on {system}"

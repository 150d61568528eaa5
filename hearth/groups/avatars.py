"""Generated avatars: a symmetric pattern from a random seed, as inline SVG. No photos."""

from __future__ import annotations

import hashlib

from django.utils.html import format_html
from django.utils.safestring import SafeString

_PALETTE = ("#8a4b2a", "#2f5d62", "#5c4d7d", "#3b6e3b", "#7a5c1e", "#1f4e79", "#7d3c5a")


def _pattern(seed: str) -> tuple[str, SafeString]:
    digest = hashlib.sha256(seed.encode()).digest()
    colour = _PALETTE[digest[0] % len(_PALETTE)]
    # One path of unit squares: a quarter of the bytes of a <rect> per cell, and a thread page
    # defines one avatar per author.
    cells = []
    for row in range(5):
        for col in range(3):
            if digest[1 + row * 3 + col] % 2:
                for x in sorted({col, 4 - col}):
                    cells.append(f"M{x} {row}h1v1h-1z")
    body = format_html(
        '<rect x="-0.5" y="-0.5" width="6" height="6" fill="#f3efe6"/><path fill="{}" d="{}"/>',
        colour,
        "".join(cells),
    )
    return colour, body


def avatar_svg(seed: str, size: int = 32) -> SafeString:
    """Return a decorative 5×5 mirrored pattern for `seed` (hidden from screen readers)."""
    return format_html(
        '<svg class="avatar" aria-hidden="true" focusable="false" width="{}" height="{}" '
        'viewBox="-0.5 -0.5 6 6">{}</svg>',
        size,
        size,
        _pattern(seed)[1],
    )


def avatar_symbol(seed: str, symbol_id: str) -> SafeString:
    """Return the pattern as an SVG <symbol>, for pages that show one avatar many times."""
    return format_html(
        '<symbol id="{}" viewBox="-0.5 -0.5 6 6">{}</symbol>', symbol_id, _pattern(seed)[1]
    )

"""Turn what members wrote into the HTML others read."""

from __future__ import annotations

from collections.abc import Sequence

from hearth.lib.markup import render_markdown


def text_for_readers(
    text: str,
    hidden_spans: Sequence[Sequence[int]],
    censor_spans: Sequence[Sequence[int]] = (),
) -> str:
    """Return `text` as every reader but its author sees it.

    Hidden spans (the safety word) vanish; censored spans (watched words marked "censor")
    show as dots, so readers see that something was left out.
    """
    marked = sorted(
        [(s, e, "") for s, e in hidden_spans] + [(s, e, "•••") for s, e in censor_spans],
        reverse=True,
    )
    for start, end, mask in marked:
        text = text[:start] + mask + text[end:]
    return text


def render_for_readers(
    text: str,
    hidden_spans: Sequence[Sequence[int]],
    censor_spans: Sequence[Sequence[int]] = (),
) -> str:
    """Return sanitised HTML of `text` as other readers see it (see `text_for_readers`)."""
    return render_markdown(text_for_readers(text, hidden_spans, censor_spans))

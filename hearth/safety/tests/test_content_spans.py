"""Span helpers of safety/content.py: what readers see of a text with hidden or redacted parts."""

from hearth.safety.content import REDACTED, hide_spans, merge_spans, redact


def test_merge_spans_joins_overlapping_and_touching_spans_in_order():
    assert merge_spans([(8, 12), (0, 2), (5, 10), (2, 3)]) == [(0, 3), (5, 12)]


def test_hide_spans_removes_each_span_once_even_when_they_overlap():
    text = "hello BLUEKETTLE world"
    # Two findings of one word, read two ways, overlap: the words after it must survive.
    assert hide_spans(text, [(6, 12), (9, 16)]) == "hello  world"
    assert hide_spans(text, [[6, 16]]) == "hello  world"
    assert hide_spans(text, []) == text


def test_redact_marks_overlapping_spans_once():
    assert redact("call 0123 456 789 now", [(5, 12), (9, 17)]) == f"call {REDACTED} now"

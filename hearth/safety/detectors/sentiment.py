"""Score mood with VADER for aggregate dashboards; never a risk signal (see ML-NOTES)."""

from __future__ import annotations

_analyzer = None


def mood(text: str) -> float:
    """Return VADER's compound score in [-1, 1] for `text` (first 5,000 characters)."""
    global _analyzer
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    return float(_analyzer.polarity_scores(text[:5000])["compound"])

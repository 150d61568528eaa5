"""Which language a text is in, so the model's reading is not trusted where it cannot read.

The encoder was trained on English, and the risk classifier fine-tuned also on Spanish (15% of
the corpus). Of 40 everyday sentences in other languages, the learned heads before it read one
HIGH: "Heute war ein guter Tag im Garten" (a good day in the garden). On such text the model's findings
are capped at MEDIUM: a reviewer looks, nobody is paged (semantic_risk). The phrase rules are
not capped, so "I want to die" in an English sentence of a German post is still HIGH.

py3langid (BSD-3-Clause, its model bundled in the wheel) takes about 0.07 ms a text, and is
asked only when the model reads a text HIGH. Of the 4,142 corpus texts, all English or Spanish,
it named another language with the confidence used here for none.
"""

from __future__ import annotations

from functools import cache

READ = frozenset({"en", "es"})
CONFIDENT = 0.95  # py3langid's normalised probability
MIN_WORDS = 4  # under it ("ok", "lol same") the guess is noise
_SAMPLE_CHARS = 1000  # a long post's opening tells its language


@cache
def _identifier():  # type: ignore[no-untyped-def]  # py3langid ships no type hints
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def unread_language(text: str) -> str | None:
    """Return the language code of `text` when it is confidently one the model was not made for
    (not English or Spanish), else None."""
    if len(text.split(maxsplit=MIN_WORDS)) < MIN_WORDS:
        return None
    language, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(language) if language not in READ and probability >= CONFIDENT else None


def warm() -> None:
    """Load the language model now (about 0.6 s), not on the first message that needs it."""
    _identifier()

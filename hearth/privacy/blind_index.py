"""Keyed search tokens: find sealed content by word without storing any word.

Each word is folded (case, accents), stemmed for English and Spanish, and turned into an HMAC
under the scope's index key, cut to 128 bits. The database learns which rows share a stem, never
the stem. Shredding the scope's index key makes every token meaningless.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from hearth.privacy.keys import blind_token

MAX_QUERY_WORDS = 8
_WORD = re.compile(r"[^\W_]{2,40}", re.UNICODE)
# Words too common to narrow anything down; leaving them out also keeps the index small.
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "are",
        "but",
        "not",
        "you",
        "your",
        "with",
        "this",
        "that",
        "have",
        "was",
        "were",
        "they",
        "them",
        "their",
        "from",
        "what",
        "when",
        "can",
        "has",
        "had",
        "his",
        "her",
        "our",
        "out",
        "all",
        "any",
        "its",
        "just",
        "been",
        "into",
        "than",
        "then",
        "there",
        "los",
        "las",
        "una",
        "uno",
        "unos",
        "unas",
        "del",
        "por",
        "con",
        "para",
        "que",
        "como",
        "pero",
        "mas",
        "sus",
        "les",
        "este",
        "esta",
        "eso",
        "esto",
        "ese",
        "esa",
        "muy",
        "sin",
        "sobre",
        "entre",
        "cuando",
        "tambien",
        "porque",
        "of",
        "to",
        "in",
        "on",
        "at",
        "is",
        "it",
        "be",
        "do",
        "so",
        "an",
        "or",
        "as",
        "by",
        "if",
        "we",
        "de",
        "la",
        "el",
        "en",
        "es",
        "lo",
        "se",
        "un",
    ]
)
_STEMMERS = (snowballstemmer.stemmer("english"), snowballstemmer.stemmer("spanish"))


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=20_000)
def stems(word: str) -> frozenset[str]:
    """Return the English and Spanish stems of one folded word (both: posts mix languages)."""
    return frozenset(stemmer.stemWord(word) for stemmer in _STEMMERS)


def words(text: str) -> list[str]:
    """Return the folded words of `text` worth indexing, in order, without stop words."""
    found = (_fold(w) for w in _WORD.findall(text))
    return [w for w in found if w not in _STOP]


def _token(scope: str, stem: str) -> str:
    return blind_token(scope, "stem:" + stem)[:32]


def index_tokens(scope: str, text: str) -> set[str]:
    """Return the distinct tokens to store for `text` under `scope`."""
    return {_token(scope, stem) for word in set(words(text)) for stem in stems(word)}


def query_tokens(scope: str, query: str) -> list[set[str]]:
    """Return, per query word, the tokens any one of which matches it (all words must match)."""
    return [{_token(scope, s) for s in stems(w)} for w in words(query)[:MAX_QUERY_WORDS]]

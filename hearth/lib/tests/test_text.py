import random
import re
import unicodedata

from hearth.lib.text import (
    _INVISIBLE,
    _SEPARATORS,
    _TRAILING,
    CONFUSABLES,
    LEET,
    MappedText,
    fold,
    has_mixed_script,
    normalize,
    strip_invisible,
)


def _src(text, needle):
    m = fold(text)
    i = m.text.index(needle)
    s, e = m.to_source(i, i + len(needle))
    return text[s:e]


def test_fold_lowercases_and_applies_nfkc_fullwidth():
    assert fold("ＫＩＬＬ Me").text == "kill me"


def test_fold_strips_zero_width_and_bidi_controls():
    assert fold("ki\u200bll my\u202eself").text == "kill myself"


def test_fold_maps_cyrillic_and_greek_lookalikes_to_latin():
    assert fold("раѕѕwοrd").text == "password"


def test_fold_folds_leetspeak_inside_words_only():
    assert fold("k1ll mys3lf").text == "kill myself"
    assert fold("I have 3 kids").text == "i have 3 kids"


def test_fold_keeps_trailing_punctuation_out_of_leetspeak():
    assert fold("help!").text == "help!"
    assert fold("sh!t").text == "shit"


def test_fold_joins_spaced_out_letters():
    assert fold("k i l l myself").text == "kill myself"
    assert fold("f.u.c.k off").text == "fuck off"


def test_fold_strips_accents_for_spanish_matching():
    assert fold("Quiero MORÍR").text == "quiero morir"


def test_fold_spans_map_back_to_original_text():
    text = "I want to  K I L L\u200b myself"
    assert _src(text, "kill") == "K I L L"
    assert _src("ＫＩＬＬ", "kill") == "ＫＩＬＬ"


def test_normalize_collapses_whitespace_and_control_characters():
    m = normalize("  a\x00\x01 \n b  ")
    assert m.text == "a b"
    assert m.to_source(0, 3) == (2, 9)


def test_normalize_of_empty_text_is_empty():
    assert normalize("").text == ""
    assert fold("\u200b\u200b").text == ""


def test_strip_invisible_removes_soft_hyphen_and_bom():
    assert strip_invisible("a\u00adb\ufeffc") == "abc"


def test_has_mixed_script_detects_cyrillic_inside_latin_word():
    assert has_mixed_script("pаypal")
    assert not has_mixed_script("привет hello")


# --- The original per-character implementation, kept as the reference for the fast one. ---
# (Verbatim from before the run-based rewrite; only renamed.)
def _ref_rebuild(pairs: list[tuple[str, int]], source_len: int) -> MappedText:
    return MappedText("".join(c for c, _ in pairs), tuple(i for _, i in pairs), source_len)


def _ref_normalize(text: str) -> MappedText:
    """Return NFKC, casefolded `text` with invisibles removed, controls and runs of space as one.

    This is the light form used for personal information and links, where digits and symbols
    carry meaning and must not be folded.
    """
    pairs: list[tuple[str, int]] = []
    prev_space = True  # leading space is dropped
    for i, ch in enumerate(text):
        if ord(ch) in _INVISIBLE:
            continue
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isspace() or unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"):
                if prev_space:
                    continue
                c, prev_space = " ", True
            else:
                prev_space = False
            pairs.append((c, i))
    if pairs and pairs[-1][0] == " ":
        pairs.pop()
    return _ref_rebuild(pairs, len(text))


def _ref_strip_accents(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out = []
    for ch, i in pairs:
        for c in unicodedata.normalize("NFD", ch):
            if unicodedata.category(c) != "Mn":
                out.append((c, i))
    return out


def _ref_fold_confusables(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for ch, i in pairs:
        out.extend((c, i) for c in CONFUSABLES.get(ch, ch))
    return out


def _ref_fold_leet(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    n = len(pairs)
    start = 0
    while start < n:
        end = start
        while end < n and pairs[end][0] != " ":
            end += 1
        token = pairs[start:end]
        # Sentence punctuation at the end of a word stays ("help!" is not "helpi").
        body_end = len(token)
        while body_end > 0 and token[body_end - 1][0] in _TRAILING:
            body_end -= 1
        if any(c.isalpha() for c, _ in token):
            out.extend((LEET.get(c, c), i) for c, i in token[:body_end])
            out.extend(token[body_end:])
        else:
            out.extend(token)
        if end < n:
            out.append(pairs[end])
        start = end + 1
    return out


def _ref_collapse_spaced(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Join runs of three or more single letters split by separators: "k i l l" -> "kill"."""
    text = "".join(c for c, _ in pairs)
    keep = [True] * len(pairs)
    sep = re.escape(_SEPARATORS)
    run = re.compile(rf"(?<![^\s{sep}])\w(?:[{sep}]{{1,2}}\w){{2,}}(?![^\s{sep}])")
    for m in run.finditer(text):
        for j in range(m.start(), m.end()):
            if text[j] in _SEPARATORS:
                keep[j] = False
    return [p for p, k in zip(pairs, keep, strict=True) if k]


def _ref_fold(text: str) -> MappedText:
    """Return the matching form of `text`: normalised, accents stripped, look-alikes folded,
    leetspeak folded inside words and spaced-out letters joined.

    Only for matching: never show the folded text to anyone.
    """
    base = _ref_normalize(text)
    pairs = list(zip(base.text, base.origin, strict=True))
    pairs = _ref_strip_accents(pairs)
    pairs = _ref_fold_confusables(pairs)
    pairs = _ref_fold_leet(pairs)
    pairs = _ref_collapse_spaced(pairs)
    return _ref_rebuild(pairs, len(text))


_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzKILLMYSELF0134579!|@$+ .-_*/\\\t\n\x00\x7f`'\"?,;:)"
    "áéíóúñÑÁüçßæœøłđ\u00a0\u2003\u200b\u202e\u00adаеорсухіїαοερτ\u2019\u201cＫＩＬ①ﬁ½\u0301"
)


def test_fast_fold_matches_per_character_reference_on_random_text():
    rng = random.Random(20240601)
    for _ in range(3000):
        n = rng.randint(0, 40)
        text = "".join(rng.choice(_ALPHABET) for _ in range(n))
        assert normalize(text) == _ref_normalize(text), repr(text)
        assert fold(text) == _ref_fold(text), repr(text)


def test_fast_fold_matches_reference_on_words_and_spaced_letters():
    rng = random.Random(7)
    words = [
        "k i l l",
        "f.u.c.k",
        "k1ll",
        "mys3lf",
        "help!",
        "sh!t",
        "3",
        "kids",
        "Quiero",
        "MORÍR",
        "раѕѕwοrd",
        "  ",
        "\u200b",
        "a-b-c",
        "x  y  z",
        "$$$",
        "l33t!!",
        "ﬁne",
    ]
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        assert fold(text) == _ref_fold(text), repr(text)


def test_has_mixed_script_ascii_fast_path():
    assert not has_mixed_script("plain ascii text " * 100)
    assert has_mixed_script("plain ascii pаypal")

import pytest

from hearth.accounts.passphrase import normalise, problems


def test_accepts_a_few_plain_words():
    assert problems("quiet river under morning stars") == []


@pytest.mark.parametrize(
    "phrase, reason",
    [
        ("short words", "at least 15"),
        ("correct horse battery staple", "well-known"),
        ("Correct-Horse-Battery-Staple!", "well-known"),
        ("aaaaaaaaaaaaaaaaaaaa", "easy to guess"),
        ("x" * 1025, "at most"),
        ("password password", "Repeating one word"),
        ("Sunflower sunflower SUNFLOWER", "Repeating one word"),
    ],
)
def test_refuses_weak_phrases_with_a_reason(phrase, reason):
    found = problems(phrase)
    assert found and reason in found[0]


def test_refuses_a_phrase_containing_the_pseudonym():
    assert "pseudonym" in problems("moonlight walker river song", pseudonym="moonlight walker")[0]


def test_long_phrases_are_accepted_whole_not_truncated():
    long_phrase = "tangerine lighthouse " * 40
    assert problems(long_phrase) == []
    assert normalise(long_phrase) == long_phrase


def test_nfkc_normalises_compatibility_characters():
    assert normalise("ｑｕｉｅｔ") == "quiet"


def test_refuses_lone_surrogates_and_nul():
    assert problems("valid words here \ud800 more words")
    assert problems("valid words here \x00 more words")

from hearth.safety.detectors.watched_words import WatchedWords, censor, validate_pattern
from hearth.safety.types import AssessContext, WatchedWord

D = WatchedWords()


def run(text, *words):
    return D.detect(text, AssessContext(watched_words=tuple(words)))


def test_watched_words_match_through_case_lookalikes_spacing_and_leetspeak():
    w = WatchedWord("darren", "flag")
    for text in ["DARREN", "Dаrren", "d a r r e n", "D4rr3n", "darr\u200ben"]:
        assert run(text, w), text


def test_watched_words_respect_word_boundaries():
    assert not run("I have a skill", WatchedWord("kill", "block"))


def test_watched_words_carry_their_action():
    (f,) = run("kill", WatchedWord("kill", "block"))
    assert f.action == "block" and f.level == "high"
    (f,) = run("meet at tesco", WatchedWord("tesco", "require_approval"))
    assert f.action == "require_approval" and f.level == "medium"


def test_watched_words_regex_patterns_run_case_insensitively():
    assert run("I take DRUGS", WatchedWord(r"\bdrugs?\b", "flag", is_regex=True))


def test_censor_masks_only_censor_spans():
    text = "Darren came round"
    out = censor(text, run(text, WatchedWord("darren", "censor")))
    assert out == "•••••• came round"


def test_validate_pattern_rejects_nested_quantifiers_and_invalid_regex():
    assert validate_pattern("(a+)+$")
    assert validate_pattern(r"(\w*)*")
    assert validate_pattern("[abc")
    assert validate_pattern("x" * 500)
    assert validate_pattern(r"(a)\1")
    assert validate_pattern(r"\bhello\b") is None


def test_invalid_regex_watched_word_is_skipped_not_crashing():
    assert run("aaaa", WatchedWord("(a+)+", "block", is_regex=True)) == []

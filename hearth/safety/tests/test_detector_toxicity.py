from hearth.safety.detectors.toxicity import Toxicity
from hearth.safety.types import AssessContext

D = Toxicity()


def cats(text):
    return {(f.category, f.level) for f in D.detect(text, AssessContext())}


def test_toxicity_reports_disguised_swearing_as_low():
    assert ("profanity", "low") in cats("you're an a$$hole")
    assert ("profanity", "low") in cats("f u c k this")


def test_toxicity_flags_kill_yourself_at_others_as_high_harassment():
    assert ("harassment", "high") in cats("just go kill yourself")


def test_toxicity_flags_nobody_wants_you_as_high_harassment():
    assert ("harassment", "high") in cats("nobody wants you here")


def test_toxicity_flags_insults_as_medium_harassment():
    assert ("harassment", "medium") in cats("you're pathetic")


def test_toxicity_does_not_treat_self_disclosure_as_harassment():
    assert cats("I want to kill myself") == set()
    assert cats("I hate myself") == set()


def test_phrase_gate_answers_as_glin_profanitys_own_pattern():
    # The gate (see toxicity._LiteralGate) must never hide a phrase the library would find:
    # each phrase word inside, at the edges of, and glued into text, in mixed case.
    from hearth.safety.detectors.toxicity import _LiteralGate, _profanity_filter

    scanner = _profanity_filter()._scanner
    gate = scanner._rest_any
    assert isinstance(gate, _LiteralGate)
    texts = ["", "i had a lovely day at the park with my dog", "big blackboard", "glass"]
    for word in scanner._rest:
        for text in (word, f"oh {word} no", f"x{word}y", f"{word}.", f"({word.upper()})"):
            texts.append(text.lower())
    for text in texts:
        assert bool(gate.search(text)) == bool(gate.pattern.search(text)), text
    assert ("profanity", "low") in cats("What a pile of $hit, son of a bitch")

from hearth.safety.detectors.codeword import Codeword
from hearth.safety.types import AssessContext

D = Codeword()


def test_codeword_raises_silent_high_safety_signal():
    (f,) = D.detect("lovely weather, Bluebell", AssessContext(codeword="bluebell"))
    assert f.category == "safety_signal" and f.level == "high" and f.silent


def test_codeword_matches_through_spacing_and_lookalikes():
    ctx = AssessContext(codeword="bluebell")
    assert D.detect("b l u e b e l l", ctx)
    assert D.detect("blue bell", ctx)
    assert D.detect("BLUЕBELL", ctx)


def test_codeword_does_not_match_inside_other_words_or_without_codeword():
    assert D.detect("bluebells", AssessContext(codeword="bluebell")) == []
    assert D.detect("bluebell", AssessContext()) == []

import pytest

from hearth.safety.detectors.crisis_language import CrisisLanguage
from hearth.safety.types import AssessContext

D = CrisisLanguage()


def levels(text):
    return {(f.category, f.level) for f in D.detect(text, AssessContext())}


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "I bought a rope today",
        "this is my last message, goodbye everyone",
        "everyone would be better off without me",
        "I've saved up my pills, tonight is the night",
        "I want to k i l l myself",
        "I want to k1ll mys3lf",
    ],
)
def test_crisis_language_flags_english_suicide_phrases_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text", ["quiero morir", "me quiero matar", "Ya no quiero vivir", "voy a acabar con mi vida"]
)
def test_crisis_language_flags_spanish_intent_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


def test_crisis_language_flags_abuse_in_progress_as_high():
    assert ("abuse_in_progress", "high") in levels("he is hitting me right now")


def test_crisis_language_flags_threat_to_others_as_high():
    assert ("threat_to_others", "high") in levels("I'm going to kill him")


def test_crisis_language_flags_court_order_breach_as_high():
    found = levels("my ex breached the restraining order and came to my house")
    assert ("court_order_breach", "high") in found


def test_crisis_language_flags_child_protection_concern_as_high():
    assert ("child_protection", "high") in levels("my stepdad has been touching my daughter")


@pytest.mark.parametrize(
    "text",
    [
        "I used to feel suicidal but I'm better now",
        "I would never hurt myself",
        "no quiero morir",
        "antes tenía ideas suicidas, ahora estoy mejor",
    ],
)
def test_crisis_language_softens_recovery_and_negation_to_low(text):
    assert all(level != "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "I cut my hair",
        "this traffic is killing me",
        "we talked about suicide prevention",
        "me corté el pelo",
        "I could kill for a coffee",
    ],
)
def test_crisis_language_ignores_hard_negatives(text):
    assert levels(text) == set()


def test_crisis_language_spans_point_into_original_text():
    text = "Honestly I want to K I L L myself"
    (f,) = [f for f in D.detect(text, AssessContext()) if f.level == "high"]
    s, e = f.spans[0]
    assert text[s:e] == "K I L L myself"

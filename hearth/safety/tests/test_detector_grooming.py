from hearth.safety.detectors.grooming import Grooming
from hearth.safety.types import AssessContext

D = Grooming()


def levels(text):
    return [f.level for f in D.detect(text, AssessContext())]


def test_grooming_flags_moving_off_platform_as_medium():
    assert levels("add me on snap") == ["medium"]
    assert levels("let's talk on telegram") == ["medium"]


def test_grooming_escalates_age_question_with_secrecy_to_high():
    assert levels("how old are you? don't tell anyone we talk") == ["high"]


def test_grooming_escalates_school_question_with_off_platform_to_high():
    assert levels("what school do you go to? add me on whatsapp") == ["high"]


def test_grooming_flags_spanish_secrecy():
    assert levels("es nuestro secreto") == ["medium"]


def test_grooming_ignores_ordinary_talk():
    assert levels("I can't tell anyone about my pain") == []
    assert levels("my son is 12 and loves school") == []

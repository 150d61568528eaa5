from hearth.safety.detectors.medical_misinformation import MedicalMisinformation
from hearth.safety.types import AssessContext

D = MedicalMisinformation()


def levels(text):
    return [f.level for f in D.detect(text, AssessContext())]


def test_medical_misinformation_flags_you_dont_need_your_meds():
    assert levels("you don't need your meds") == ["medium"]


def test_medical_misinformation_flags_doubling_dose():
    assert "medium" in levels("just double your dose if it's not working")


def test_medical_misinformation_flags_spanish_stop_medication():
    assert "medium" in levels("deja tus pastillas")


def test_medical_misinformation_ignores_own_news_and_doctor_guidance():
    assert levels("my doctor changed my medication today") == []
    assert levels("I take my meds every morning") == []

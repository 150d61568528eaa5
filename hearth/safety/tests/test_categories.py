from django.utils import translation

from hearth.safety.categories import LABELS, labels
from hearth.safety.pipeline import DEFAULT_LEVELS


def test_every_pipeline_category_has_a_readable_name():
    assert set(LABELS) == set(DEFAULT_LEVELS)
    assert labels(["contact_details", "suicide_self_harm"]) == (
        "contact details, suicide or self-harm"
    )


def test_unknown_codes_still_read_as_words_and_names_translate():
    assert labels(["something_new"]) == "something new"
    with translation.override("es"):
        assert labels(["contact_details"]) != "contact details"

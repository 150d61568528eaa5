import json
from pathlib import Path

import pytest

from hearth.safety.language import unread_language
from hearth.safety.pipeline import assess

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "corpus.jsonl"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Heute war ein guter Tag im Garten", "de"),
        ("Aujourd'hui j'ai fait une longue promenade avec mon chien.", "fr"),
        ("Oggi sono andato al mercato con mia madre.", "it"),
        ("Vandaag was het mooi weer, we zijn naar het strand gegaan.", "nl"),
        ("Dziś był dobry dzień w pracy.", "pl"),
    ],
)
def test_other_languages_are_named(text, language):
    assert unread_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "I had a good day in the garden today",
        "hoy fue un buen día en el jardín con mi hija",
        "ok",  # too short to tell
        "lol same",
        "thanks x",
    ],
)
def test_english_spanish_and_short_texts_are_read(text):
    assert unread_language(text) is None


def test_no_corpus_text_is_taken_for_another_language():
    # Every corpus text is English or Spanish; capping one of them would cost recall.
    rows = map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())
    assert [row["text"][:60] for row in rows if unread_language(row["text"])] == []


def test_the_model_does_not_page_staff_over_a_language_it_cannot_read():
    # The classifier reads this Dutch "I had a nice day in the garden" as suicide (0.91), as
    # earlier models read the German "Heute war ein guter Tag im Garten": HIGH without the cap.
    found = assess("Ik heb een fijne dag gehad in de tuin")
    assert found.level == "medium"
    assert "does not read (nl)" in found.findings[0].message


def test_the_rules_still_read_english_inside_another_language():
    assert assess("Ich hatte einen schlimmen Tag. I want to die.").level == "high"

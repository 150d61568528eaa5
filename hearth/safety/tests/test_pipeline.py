import pytest

from hearth.safety import pipeline
from hearth.safety.model.embedder import ModelUnavailable
from hearth.safety.pipeline import assess, decide
from hearth.safety.types import (
    AssessContext,
    Assessment,
    Finding,
    ModerationPolicy,
    WatchedWord,
)


def fake(level, category="x", **kw):
    f = Finding("test", category, level, 1.0, [(0, 1)], **kw)
    return Assessment(level, [category], [f], {category: 1.0})


MODES = ["pre_all", "pre_new", "hold_flagged", "post"]
# (level, mode) -> action for an established member, no overrides.
EXPECTED = {
    ("none", "pre_all"): "hold",
    ("none", "pre_new"): "publish",
    ("none", "hold_flagged"): "publish",
    ("none", "post"): "publish",
    ("low", "pre_all"): "hold",
    ("low", "pre_new"): "publish",
    ("low", "hold_flagged"): "publish",
    ("low", "post"): "publish",
    ("medium", "pre_all"): "hold",
    ("medium", "pre_new"): "hold",
    ("medium", "hold_flagged"): "hold",
    ("medium", "post"): "publish",
    ("high", "pre_all"): "hold",
    ("high", "pre_new"): "hold",
    ("high", "hold_flagged"): "hold",
    ("high", "post"): "hold",
}


@pytest.mark.parametrize(("level", "mode"), list(EXPECTED))
def test_decide_follows_the_policy_by_level_matrix(level, mode):
    a = fake(level) if level != "none" else Assessment("none", [], [], {})
    assert decide(a, ModerationPolicy(mode=mode)).action == EXPECTED[(level, mode)]


def test_decide_holds_new_members_in_pre_new_and_probation_everywhere():
    a = Assessment("none", [], [], {})
    assert decide(a, ModerationPolicy(mode="pre_new", author_is_new=True)).action == "hold"
    assert decide(a, ModerationPolicy(mode="post", author_on_probation=True)).action == "hold"


def test_decide_blocks_on_block_watched_word():
    a = fake("high", "watched_word", action="block")
    assert decide(a, ModerationPolicy(mode="post")).action == "block"


def test_decide_holds_require_approval_watched_word_even_in_post_mode():
    a = fake("medium", "watched_word", action="require_approval")
    assert decide(a, ModerationPolicy(mode="post")).action == "hold"


def test_decide_applies_organisation_override_per_category():
    a = fake("medium", "contact_details")
    policy = ModerationPolicy(mode="post", risk_levels={"contact_details": "high"})
    assert decide(a, policy).action == "hold"
    lowered = ModerationPolicy(risk_levels={"suicide_self_harm": "medium"}, mode="post")
    assert decide(fake("high", "suicide_self_harm"), lowered).action == "publish"


def test_decide_shows_crisis_resources_and_alerts_on_high_suicide_risk():
    d = decide(assess("I want to kill myself"))
    assert d.action == "hold" and d.alert and d.show_crisis_resources


def test_decide_keeps_codeword_silent_and_publishes():
    a = assess("lovely day, bluebell", AssessContext(codeword="bluebell"))
    d = decide(a, ModerationPolicy(mode="post"))
    assert d.silent_alert and d.action == "publish"


def test_decide_nudges_about_phone_numbers():
    d = decide(assess("ring me on 07700 900123"))
    assert any("phone number" in n for n in d.nudges)


def test_assess_never_raises_profanity_alone_beyond_low():
    a = assess("this fucking bus is late again, sh1t")
    assert a.level == "low" and a.categories == ["profanity"]
    assert decide(a, ModerationPolicy(mode="hold_flagged")).action == "publish"


def test_assess_keeps_disclosure_high_when_it_contains_swearing():
    assert assess("fuck it, I want to kill myself").level == "high"


def test_assess_handles_empty_control_and_zero_width_text():
    assert assess("").level == "none"
    assert assess("\x00\x01\x02\ufffe").level == "none"
    assert assess("\u200b\u200d").level == "none"
    assert assess("I want to k\u200bill myself").level == "high"


def test_assess_caps_huge_text_and_reports_it():
    a = assess("hello there. " * 3000)
    assert a.truncated and a.notes


def test_assess_notes_mixed_script():
    assert any("mixed" in n for n in assess("раypal login").notes)


def test_assess_raises_model_unavailable_unless_degraded_is_allowed(monkeypatch):
    def missing():
        raise ModelUnavailable("no model")

    monkeypatch.setattr(pipeline, "semantic_detector", missing)
    with pytest.raises(ModelUnavailable):
        assess("hello")
    a = assess("I want to kill myself", allow_degraded=True)
    assert a.degraded and a.level == "high"


def test_assess_applies_group_watched_words():
    ctx = AssessContext(watched_words=(WatchedWord("tesco", "block"),))
    assert decide(assess("meet me at T3SCO", ctx)).action == "block"


# Round 3 prototypes and rules, through the whole pipeline (sentences differ from the corpus).
@pytest.mark.parametrize(
    "text",
    [
        "I've been clearing out my flat and donating everything, I won't need any of it where "
        "I'm going",
        "I think my family would be relieved if I just stopped existing",
        "my grandson took my pension card and shoves me when I ask for it",
    ],
)
def test_assess_flags_indirect_disclosures_high(text):
    assert assess(text).level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "we donated the cot and pram now our youngest is at school",
        "my sister and I made our wills last week, very sensible",
        "I saw a report on the news about a stabbing, awful",
        "I feel hopeless about ever passing my driving test",
        "my mate joked he'd rather die than watch another episode",
        "en las noticias hablaron de un accidente, qué pena",
    ],
)
def test_assess_keeps_sad_news_and_practical_posts_below_high(text):
    assert assess(text).level != "high"


def test_the_strongest_model_finding_of_each_category_is_kept():
    def model(detector, category, level, score, start):
        return Finding(detector, category, level, score, [(start, start + 4)])

    semantic = [
        model("semantic_risk", "domestic_abuse", "medium", 0.9, 0),
        model("semantic_risk", "domestic_abuse", "high", 0.85, 10),
        model("semantic_risk", "suicide_self_harm", "high", 0.95, 20),
    ]
    text = "words here and there, and more words"
    kept = pipeline._merge_semantic([], semantic, text)
    assert {(f.category, f.level, f.score) for f in kept} == {
        ("domestic_abuse", "high", 0.85),  # the level decides, not the score
        ("suicide_self_harm", "high", 0.95),
    }


@pytest.mark.parametrize(
    ("category", "expected"),
    [("threat_to_others", "low"), ("domestic_abuse", "low"), ("suicide_self_harm", "medium")],
)
def test_a_rules_benign_reading_of_the_same_words_outweighs_a_model_medium(category, expected):
    # "I'll strangle the cat if …": the rule sees an everyday condition and reads it LOW. A
    # model's MEDIUM over the same words then falls to LOW, except for suicide and self-harm,
    # where "I'm not suicidal, but …" may be both.
    text = "I'll strangle the cat if she knocks my plant over again"
    rule = Finding("crisis_language", category, "low", 0.3, [(5, 18)])
    model = Finding("semantic_risk", category, "medium", 0.9, [(0, len(text))])
    (kept,) = pipeline._merge_semantic([rule], [model], text)
    assert kept.level == expected


def test_a_rules_benign_reading_elsewhere_leaves_a_model_medium_alone():
    text = "I'll strangle the cat if she knocks it over. He hits me when he drinks."
    rule = Finding("crisis_language", "domestic_abuse", "low", 0.3, [(5, 18)])
    model = Finding("semantic_risk", "domestic_abuse", "medium", 0.9, [(45, len(text))])
    (kept,) = pipeline._merge_semantic([rule], [model], text)
    assert kept.level == "medium"


def test_a_finding_told_across_pieces_is_past_only_when_every_piece_is():
    past = "I used to self-harm years ago but I've been clean for two years now."
    present = " Lately I keep thinking everyone would be better off without me here."
    text = past + present
    pieces = [(0, len(past)), (len(past), len(text))]
    told_across = Finding("semantic_risk", "suicide_self_harm", "high", 0.9, pieces)
    (kept,) = pipeline._merge_semantic([], [told_across], text)
    assert (kept.level, kept.softened) == ("high", False)
    all_past = Finding("semantic_risk", "suicide_self_harm", "high", 0.9, pieces[:1] * 2)
    (kept,) = pipeline._merge_semantic([], [all_past], text)
    assert (kept.level, kept.softened) == ("medium", True)

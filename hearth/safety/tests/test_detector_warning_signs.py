"""Several warning signs told across one post: HIGH together, nothing alone, and MEDIUM when
the post gives an ordinary reason for them."""

import pytest

from hearth.safety import pipeline
from hearth.safety.detectors.warning_signs import WarningSigns
from hearth.safety.model.embedder import ModelUnavailable
from hearth.safety.pipeline import assess
from hearth.safety.types import AssessContext

D = WarningSigns()


def level(text: str) -> str:
    findings = D.detect(text, AssessContext())
    assert len(findings) <= 1
    return findings[0].level if findings else "none"


@pytest.mark.parametrize(
    "text",
    [
        "I've given my guitar to my brother and written letters to mum and dad. They're in my "
        "desk drawer. I feel calm for the first time in months. Thank you all for everything.",
        "Been to the solicitor and updated everything. Wrote a letter each for my two and put "
        "them in the bureau drawer. Told the neighbour she can have the greenhouse.",
        "Le regalé mi guitarra a mi primo, escribí cartas para mi familia y las dejé en el "
        "cajón. Estoy tranquila. Gracias por todo.",
        # Round 18: affairs "in order", a milk order cancelled, a letter written "to my son",
        # "I won't be needing", "I've felt calm", "if anything ever happened".
        "Cancelled the milk and paid the funeral plan. Wrote to my son, a proper letter. "
        "Everything is in order now. I won't be needing much else.",
        "I've written each of them a letter. My affairs are in order. It's the first time "
        "I've felt calm in years.",
        "Asked my neighbour if he'd take the dog if anything ever happened. The deeds are "
        "with my sister. I will not be posting again.",
        # Round 24: a pet left with a neighbour, bills paid to the last, peace "soon"; savings
        # in the children's names, a decision that brought sleep, "time for me to go".
        "I've left Biscuit with Mrs Patel next door. Paid the last of the council tax so "
        "there won't be any letters. I'll be at peace soon.",
        "The savings are in the kids' names now. Sleeping better since I made up my mind. "
        "Tell them they did nothing wrong. It's just time for me to go.",
        "Gave the old dog to the neighbour's lad. I won't be needing the February appointment. "
        "Told my sister where the important papers are.",
        "Ya repartí mis plantas y casi toda mi ropa, y dejé una carta para mi hermana. Gracias "
        "por todo.",
        # Round 25: a pet rehomed, things given away, "none of it was her fault", "gonna miss
        # you lot".
        "Found a good home for Pepper. Gave my winter jacket to the guy outside the shop. Told "
        "mum none of it was her fault.",
        "Found a new home for the rabbits. Gave my records to my cousin. Gonna miss you lot.",
    ],
)
def test_three_families_with_a_leaving_sign_are_high(text):
    assert level(text) == "high"


def test_each_sign_alone_is_everyday_life():
    for text in (
        "I gave my old bike to my nephew.",
        "I wrote a letter to my nan for her birthday.",
        "We finally made our wills.",
        "Goodbye everyone, see you at Thursday's meeting!",
        "After the yoga class I feel calm.",
        "Cancelled the milk while we're away.",
        "Everything is in order for Saturday's party.",
        "I won't be needing the car this week, take it.",
        "Left the dog with the neighbours while we're in Cornwall.",
        "It's time for me to go to bed, night all.",
        "I won't be around for the next meeting, sorry!",
        "Paid the last of the loan, so there's nothing owing and I feel great.",
        "Since I've decided to go back to college I sleep better.",
        "Found a good home for the old sofa on Facebook marketplace.",
        "Gonna miss you guys when the group ends next month!",
        "None of this was your fault, it was the landlord's mistake.",
    ):
        assert level(text) == "none", text


@pytest.mark.parametrize(
    "text",
    [
        # a new baby, a move, a death in the family: the same acts, an ordinary reason
        "Our son was born in May. We made our wills last week, chose guardians if anything "
        "happens to us both, and I wrote a letter to go with it. I feel calm now it's done.",
        "We're moving to Spain next month! Gave my piano to my niece, cancelled the gym, wrote "
        "goodbye cards for the neighbours. Feeling calm about it all.",
        "Sorting Mum's things after the funeral. Gave my sister her jewellery, the solicitor "
        "has the will, and I feel at peace that she's not in pain any more.",
        # three families but none of leaving: affairs, letters, care arranged
        "Did an online will last night. Scheduled emails to my sister with the passwords, and "
        "a friend will have the cats if anything happens.",
    ],
)
def test_an_ordinary_reason_or_no_leaving_sign_is_a_reviewers_look(text):
    assert level(text) == "medium"


def test_signs_told_as_the_past_do_not_count():
    text = (
        "Two years ago I gave away my things, wrote letters and felt strangely calm. "
        "I'm in recovery now and so glad I'm still here."
    )
    assert level(text) == "none"


def test_signs_must_be_told_within_one_posts_length():
    far = " ".join(["The weather has been grey all week and the bus was late again."] * 60)
    text = f"I gave away my guitar. {far} I wrote a letter to my mum. {far} I feel so calm."
    assert len(text) > 6_000
    assert level(text) == "none"
    assert level("I gave away my guitar. I wrote a letter to my mum. I feel so calm.") == "high"


def test_spans_index_the_text_as_written():
    text = "I GAVE my guitar to Tom. I wrote letters to them all. I feel calm now."
    (finding,) = D.detect(text, AssessContext())
    assert [text[s:e] for s, e in finding.spans] == ["GAVE my ", "wrote letters", "I feel calm"]
    assert "guitar" not in finding.message  # the reason names families, never the words


def test_the_pipeline_runs_it_in_rules_only_mode_too(monkeypatch):
    def missing():
        raise ModelUnavailable("no model")

    monkeypatch.setattr(pipeline, "semantic_detector", missing)
    text = "I gave my guitar to my brother. I wrote letters to mum and dad. I feel calm."
    a = assess(text, allow_degraded=True)
    assert a.degraded and a.level == "high"
    assert {f.detector for f in a.findings} == {"warning_signs"}


def test_a_wall_of_one_sign_is_one_family():
    # 2,500 signs in one sentence: each sentence is checked once and the window slides once.
    assert level("pension " * 2_500) == "none"
    wall = "my pension. " * 100 + "I gave my guitar to Tom. I wrote a letter to mum. I feel calm. "
    assert level(wall * 10) == "high"

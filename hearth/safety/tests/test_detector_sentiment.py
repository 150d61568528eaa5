from hearth.safety.detectors.sentiment import mood


def test_mood_is_positive_for_good_news_and_negative_for_bad():
    assert mood("I had a wonderful day, thank you all") > 0.3
    assert mood("I feel awful and sad") < -0.3

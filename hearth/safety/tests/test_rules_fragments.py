"""Shared fragments in rule files: `@NAME=regex` defines, `{NAME}` uses."""

import pytest

from hearth.safety.detectors._rules import load_rules


def _rules(tmp_path, text):
    path = tmp_path / "rules.txt"
    path.write_text(text, encoding="utf-8")
    return load_rules(str(path))  # an absolute name reads outside the data folder


def test_a_fragment_is_expanded_as_a_group_wherever_it_is_used(tmp_path):
    (rule,) = _rules(tmp_path, "@WHO=he|she\nabuse|high|en|\\b{WHO} hits me{1}\\b\n")
    assert rule.pattern.pattern == "\\b(?:he|she) hits me{1}\\b"  # a quantifier stays as it is
    assert rule.pattern.search("she hits me")
    assert not rule.pattern.search("the hits me")


def test_a_fragment_may_use_an_earlier_one(tmp_path):
    (rule,) = _rules(tmp_path, "@A=he|she\n@B={A}|my ex\nx|high|en|\\b{B} hit me\n")
    assert rule.pattern.search("my ex hit me")


def test_an_undefined_fragment_fails_loudly(tmp_path):
    with pytest.raises(ValueError, match="WHO"):
        _rules(tmp_path, "abuse|high|en|\\b{WHO} hits me\n")


def test_the_crisis_rules_share_who_may_abuse_and_parts_of_the_body():
    patterns = [r.pattern.pattern for r in load_rules("crisis_phrases.txt")]
    assert not any("{" + name + "}" in p for p in patterns for name in ("ABUSER", "BODY"))
    assert sum("mother|father|brother|sister)-in-law" in p for p in patterns) >= 10

"""RuleSet.matches (a many-pattern prefilter, then each named rule) equals scanning every rule."""

import json
import platform
import random
import threading
from pathlib import Path

from hearth.lib.text import fold
from hearth.safety.detectors._rules import DATA, RuleSet, load_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "corpus.jsonl"
RULE_FILES = sorted(p.name for p in DATA.glob("*.txt"))
# The hyperscan wheel exists for x86-64 only (pyproject.toml); elsewhere each rule is scanned.
HAS_HYPERSCAN = platform.machine() == "x86_64"
# Characters whose class differs between Python's Unicode re and an ASCII byte scan: letters,
# digits and spaces beyond ASCII, controls Python counts as spaces, punctuation and emoji.
ODD = ["ñ", "ß", "ж", "٣", "²", "\u00a0", "\u2003", "\x1c", "\x0b", "¿", "—", "😂", "\u200d", "_"]


def _every_rule(rules, text):
    return [(rule, m.span()) for rule in rules for m in rule.finditer(text)]


def _through_prefilter(rules, text):
    return [(rule, m.span()) for rule, m in rules.matches(text)]


def _texts() -> list[str]:
    items = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines() if x]
    texts = [fold(t).text for t in items]
    rng = random.Random(5)
    # Odd characters dropped into risk sentences: next to words, inside them, between them.
    for t in rng.sample(texts, 300):
        chars = list(t)
        for _ in range(rng.randint(1, 6)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(ODD))
        texts.append("".join(chars))
    texts += [" ".join(rng.sample(texts, 30)) for _ in range(5)]
    return texts


def test_every_shipped_rule_file_gives_the_same_matches_through_its_prefilter():
    texts = _texts()
    for name in RULE_FILES:
        rules = load_rules(name)
        for t in texts:
            assert _through_prefilter(rules, t) == _every_rule(rules, t), (name, t)


def test_the_prefilter_is_in_place_where_hyperscan_runs():
    for name in RULE_FILES:
        assert (load_rules(name).prefilter is not None) is HAS_HYPERSCAN, name


def test_the_prefilter_names_few_rules_for_an_ordinary_message():
    rules = load_rules("crisis_phrases.txt")
    if not HAS_HYPERSCAN:  # rules scanned one by one: nothing to measure here
        assert rules.prefilter is None
        return
    text = fold("Had a lovely walk by the canal with my sister, then tea and cake.").text
    assert len(rules.candidates(text)) < 5 < len(rules)


def test_unicode_classes_match_as_python_reads_them(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text(
        "\n".join(
            [
                "x|high|en|\\bend\\b",  # a word boundary beside a non-ASCII letter or emoji
                "x|high|en|\\bi\\s+want\\b",  # Unicode spaces, and controls Python calls spaces
                "x|high|en|\\bpill\\w*s\\b",  # a non-ASCII letter inside a word
                "x|high|en|\\b\\d+ tablets\\b",  # a digit from another script
                "x|high|en|\\bgoodbye.{0,3}all\\b",  # one character is one position
                "x|high|en|(?<!not )\\bready\\b",  # a lookbehind, loosened by the prefilter
                "x|high|en|\\bnow[^.!?]{0,5}over\\b",
            ]
        ),
        encoding="utf-8",
    )
    rules = load_rules(str(path))
    texts = [
        "the end", "the endñ", "ñend", "end😂", "😂end", "legend", "end_", "_end",
        "i\u00a0want", "i\x1cwant", "i\x0bwant", "i\u2003\u2003want", "i—want",
        "pillñs", "pill٣s", "pill²s", "pill😂s",
        "٣ tablets", "² tablets", "3 tablets",
        "goodbye😂😂all", "goodbye¿¿¿all", "goodbye😂😂😂😂all", "goodbye ñ all",
        "not ready", "so ready", "now ¿ñ over", "now. over",
    ]  # fmt: skip
    for t in texts:
        assert _through_prefilter(rules, t) == _every_rule(rules, t), t
    assert [m.span() for _, m in rules.matches("pill٣s")] == [(0, 6)]
    assert [m.span() for _, m in rules.matches("goodbye😂😂all")] == [(0, 12)]
    assert list(rules.matches("goodbye😂😂😂😂all")) == []


def test_threads_scanning_at_once_each_get_their_own_answer():
    rules = load_rules("crisis_phrases.txt")
    texts = [fold(t).text for t in ("i want to die tonight", "lovely day", "i will kill myself")]
    want = [_every_rule(rules, t) for t in texts]
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(300):
                k = (seed + i) % len(texts)
                assert _through_prefilter(rules, texts[k]) == want[k]
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


def test_the_compiled_automaton_is_kept_and_loaded_again(tmp_path, monkeypatch):
    if not HAS_HYPERSCAN:  # no prefilter there: nothing is compiled or kept
        assert load_rules("crisis_phrases.txt").prefilter is None
        return
    from hearth.safety.detectors import _rules

    monkeypatch.setenv("HEARTH_MODEL_DIR", str(tmp_path))
    rules = load_rules("grooming.txt").rules
    first = RuleSet(rules, "grooming.txt")
    (kept,) = tmp_path.glob("rules-grooming-*.hsdb")

    def no_compiling(*_args):
        raise AssertionError("compiled again instead of loading the kept automaton")

    monkeypatch.setattr(_rules, "_compile", no_compiling)
    second = RuleSet(rules, "grooming.txt")
    text = fold("what school do you go to? add me on snap and don't tell your mum").text
    assert second.candidates(text) == first.candidates(text) != []
    assert list(tmp_path.glob("rules-grooming-*.hsdb")) == [kept]


def test_a_corrupt_or_stale_automaton_is_rebuilt_and_the_old_one_removed(tmp_path, monkeypatch):
    if not HAS_HYPERSCAN:
        assert load_rules("crisis_phrases.txt").prefilter is None
        return
    monkeypatch.setenv("HEARTH_MODEL_DIR", str(tmp_path))
    rules = load_rules("grooming.txt").rules
    RuleSet(rules, "grooming.txt")
    (kept,) = tmp_path.glob("rules-grooming-*.hsdb")
    kept.write_bytes(b"not an automaton" * 100)
    stale = tmp_path / "rules-grooming-0123456789abcdef.hsdb"
    stale.write_bytes(b"the rules before an edit")
    other = tmp_path / "rules-medical-0123456789abcdef.hsdb"
    other.write_bytes(b"another file's rules")
    rebuilt = RuleSet(rules, "grooming.txt")
    text = fold("add me on snap and keep it our secret").text
    matching = [r for r in rules if r.pattern.search(text)]
    assert matching and set(matching) <= set(rebuilt.candidates(text))
    assert kept.read_bytes()[:16] != b"not an automaton"
    assert not stale.exists()
    assert other.exists()

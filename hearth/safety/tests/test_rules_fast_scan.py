"""Rule.finditer (leading word boundary checked per candidate) equals pattern.finditer."""

import json
import random
from pathlib import Path

from hearth.lib.text import fold
from hearth.safety.detectors._rules import DATA, load_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "corpus.jsonl"


def _texts() -> list[str]:
    items = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines() if x]
    rng = random.Random(3)
    texts = [fold(t).text for t in items]
    # Long posts and glued words, so boundaries inside and between words are exercised.
    texts += [" ".join(rng.sample(texts, 40)) for _ in range(10)]
    texts += ["".join(rng.sample(texts, 5)) for _ in range(20)]
    texts += ["skill myself", "xkill myself kill myself", "ii want to die", "_i want to die"]
    return texts


def test_fast_finditer_gives_the_same_matches_as_the_pattern():
    texts = _texts()
    files = sorted(p.name for p in DATA.glob("*.txt"))
    fast = 0
    for name in files:
        for rule in load_rules(name):
            fast += rule._fast is not None
            for t in texts:
                got = [m.span() for m in rule.finditer(t)]
                want = [m.span() for m in rule.pattern.finditer(t)]
                assert got == want, (name, rule.pattern.pattern, t)
    assert fast > 50  # most rules take the fast path

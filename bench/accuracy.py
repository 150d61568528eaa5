"""Report safeguarding accuracy on hearth/safety/corpus, dev and held-out test splits.

Run: .venv/bin/python bench/accuracy.py [--show-errors | --show-dev-errors] [--long]
    [--dev-only | --validation]
--show-dev-errors prints only dev errors, so tuning never looks at held-out items.
--dev-only reads only the dev split: a tuning run that prints no held-out figure.
--validation reads only the 20% of dev that a validation run of
hearth/safety/corpus/train_classifier.py leaves out (its "dev" column).
--long also checks each risk item buried at a random place in a ~5,000-character post of
benign corpus sentences (the long-post path: keyword windows, bounded semantic chunks).
Targets: suicidal ideation HIGH >= 90%; abuse disclosures + threats HIGH >= 80%;
ordinary posts HIGH <= 5%; sadness/stress HIGH <= 25%.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hearth.safety.corpus.train_classifier import dev_parts  # noqa: E402
from hearth.safety.pipeline import assess  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "hearth" / "safety" / "corpus" / "corpus.jsonl"
GROUPS = {
    "suicidal ideation flagged HIGH": ({"suicidal_ideation"}, ">=", 0.90),
    "abuse disclosures + threats HIGH": ({"abuse_disclosure", "threat_violence"}, ">=", 0.80),
    "ordinary posts HIGH": ({"ordinary_support"}, "<=", 0.05),
    "sadness/stress HIGH": ({"sadness_no_risk"}, "<=", 0.25),
}


def main(argv: list[str]) -> int:
    items = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    if "--dev-only" in argv:
        items = [it for it in items if it.get("split") == "dev"]
    if "--validation" in argv:
        items = dev_parts()[1]
    ok = True
    print(f"corpus: {len(items)} items")
    # "Reaches a reviewer": MEDIUM or HIGH, which the default moderation mode holds for review.
    print(
        "| measure | dev | held-out test | held-out reaching a reviewer | target |\n"
        "|---|---|---|---|---|"
    )
    errors = []
    levels = {it["text"]: assess(it["text"]).level for it in items}
    results = {text: level == "high" for text, level in levels.items()}
    for name, (labels, op, target) in GROUPS.items():
        row = []
        for split in ("dev", "test"):
            sel = [it for it in items if it["label"] in labels and it.get("split") == split]
            if not sel:  # --dev-only
                row.append("-")
                continue
            hits = sum(results[it["text"]] for it in sel)
            rate = hits / len(sel)
            good = rate >= target if op == ">=" else rate <= target
            ok &= good
            row.append(f"{rate:.0%} ({hits}/{len(sel)}){'' if good else ' MISS'}")
            want_high = op == ">="
            errors += [
                (split, it["label"], it["text"]) for it in sel if results[it["text"]] != want_high
            ]
        held_out = [it for it in items if it["label"] in labels and it.get("split") == "test"]
        seen = sum(levels[it["text"]] in ("medium", "high") for it in held_out)
        reviewed = f"{seen / len(held_out):.0%} ({seen}/{len(held_out)})" if held_out else "-"
        print(f"| {name} | {row[0]} | {row[1]} | {reviewed} | {op} {target:.0%} |")
    # The held-out portions, one per batch that has test items (the corpus README tells what
    # each was fresh for). A portion is blind only for the round it was written in.
    portions = sorted(
        {_batch(it) for it in items if it.get("split") == "test"}, key=lambda b: int(b.split()[1])
    )
    if portions:
        _print_portions(items, results, portions)
    if "--show-errors" in argv or "--show-dev-errors" in argv:
        for e in errors:
            if e[0] == "dev" or "--show-errors" in argv:
                print("  ", *e, sep=" | ")
    if "--long" in argv:
        long_posts(items)
    return 0 if ok else 1


def _print_portions(items: list[dict], results: dict[str, bool], portions: list[str]) -> None:
    print("\nheld-out by portion:\n| measure | " + " | ".join(f"{p} test" for p in portions) + " |")
    print("|---" * (len(portions) + 1) + "|")
    for name, (labels, _op, _target) in GROUPS.items():
        row = []
        for portion in portions:
            sel = [
                it
                for it in items
                if it["label"] in labels and it.get("split") == "test" and _batch(it) == portion
            ]
            hits = sum(results[it["text"]] for it in sel)
            row.append(f"{hits / len(sel):.0%} ({hits}/{len(sel)})" if sel else "-")
        print(f"| {name} | " + " | ".join(row) + " |")


def _batch(item: dict) -> str:
    """The batch an item was written in, from its source ("…, batch 2"); batch 1 has none."""
    tail = item["source"].rsplit(", ", 1)[-1]
    return tail if tail.startswith("batch ") else "batch 1"


def long_posts(items: list[dict]) -> None:
    """Bury each risk item in ~5,000 characters of benign sentences; report HIGH rates."""
    benign = [
        it["text"]
        for it in items
        if it["label"] in ("ordinary_support", "sadness_no_risk") and it.get("split") == "dev"
    ]
    # Filler: dev items only (held-out items stay unseen), minus those HIGH on their own.
    filler = [t for t in benign if assess(t).level != "high"]

    def post(risk: str | None, rng: random.Random) -> str:
        parts: list[str] = []
        while sum(len(p) + 2 for p in parts) < 4900:
            parts.append(rng.choice(filler).rstrip(".!?") + ".")
        if risk is not None:  # a sentence of its own, like the filler
            parts.insert(rng.randrange(len(parts) + 1), risk.rstrip(".!?") + ".")
        return " ".join(parts)[:5200]

    print("\nlong posts (~5,000 chars, risk item at a random place):")
    print("| measure | dev | held-out test |\n|---|---|---|")
    rng = random.Random(11)
    for name, (labels, _op, _target) in list(GROUPS.items())[:2]:
        row = []
        for split in ("dev", "test"):
            sel = [it for it in items if it["label"] in labels and it.get("split") == split]
            hits = sum(assess(post(it["text"], rng)).level == "high" for it in sel)
            row.append(f"{hits / len(sel):.0%} ({hits}/{len(sel)})" if sel else "-")
        print(f"| {name} | {row[0]} | {row[1]} |")
    # Benign posts draw from a generator of their own, so adding or removing risk items does
    # not change which benign posts are drawn.
    n, benign_rng = 1000, random.Random(12)
    false = sum(assess(post(None, benign_rng)).level == "high" for _ in range(n))
    print(f"| benign-only long posts HIGH | {false}/{n} | |")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

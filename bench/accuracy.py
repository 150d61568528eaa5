"""Report safeguarding accuracy on hearth/safety/corpus, dev and held-out test splits.

Run: .venv/bin/python bench/accuracy.py [--show-errors]
Targets: suicidal ideation HIGH >= 90%; abuse disclosures + threats HIGH >= 80%;
ordinary posts HIGH <= 5%; sadness/stress HIGH <= 25%.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
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
    ok = True
    print(f"corpus: {len(items)} items")
    print("| measure | dev | held-out test | target |\n|---|---|---|---|")
    errors = []
    results = {}
    for it in items:
        results[it["text"]] = assess(it["text"]).level == "high"
    for name, (labels, op, target) in GROUPS.items():
        row = []
        for split in ("dev", "test"):
            sel = [it for it in items if it["label"] in labels and it.get("split") == split]
            hits = sum(results[it["text"]] for it in sel)
            rate = hits / len(sel) if sel else 0.0
            good = rate >= target if op == ">=" else rate <= target
            ok &= good
            row.append(f"{rate:.0%} ({hits}/{len(sel)}){'' if good else ' MISS'}")
            want_high = op == ">="
            errors += [
                (split, it["label"], it["text"]) for it in sel if results[it["text"]] != want_high
            ]
        print(f"| {name} | {row[0]} | {row[1]} | {op} {target:.0%} |")
    if "--show-errors" in argv:
        for e in errors:
            print("  ", *e, sep=" | ")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

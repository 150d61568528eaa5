"""Build the int8 ONNX risk model, without torch: the shipped all-MiniLM-L6-v2 safetensors, its
six blocks and a classifier replaced by the fine-tuned ones in
hearth/safety/data/risk_classifier.safetensors (corpus/train_classifier.py).

Run `python -m hearth.safety.model.build`. The graph is written with the `onnx` helper API
(a build-time dependency only), then MatMul weights are quantised to signed 7 bits per output
channel: per-tensor quantisation loses too much recall (see shared ML-NOTES). Output is
deterministic, and a second run is a no-op when the model and tokenizer are already present.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import struct
import sys
import tempfile
from pathlib import Path

import numpy as np

from hearth.safety.model.embedder import CLASSES
from hearth.safety.model.paths import (
    MODEL_STEM,
    TOKENIZER_NAME,
    classifier_weights,
    model_dir,
    model_name,
    source_dir,
)

HIDDEN = 384
HEADS = 12
HEAD_DIM = 32
LN_EPS = 1e-12
OPSET = 17
# Left in float: 1,536 multiply-adds, and the probabilities stay as trained.
CLASSIFIER_MATMUL = "classifier_mm"
_DTYPES = {"F32": np.float32, "I64": np.int64, "I8": np.int8}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Return every tensor in a safetensors file (a JSON header, then raw little-endian data)."""
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        dtype = _DTYPES[meta["dtype"]]
        tensors[name] = np.frombuffer(raw[base + start : base + end], dtype=dtype).reshape(
            meta["shape"]
        )
    return tensors


def fine_tuned(base: dict[str, np.ndarray], tuned: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return `base` with the fine-tuned tensors in place: a matrix shipped as int8 rows
    (`name.q`) and their scales (`name.scale`) is restored to float32."""
    weights = dict(base)
    for name, array in tuned.items():
        if name.endswith(".q"):
            stem = name[:-2]
            weights[stem] = array.astype(np.float32) * tuned[stem + ".scale"][:, None]
        elif not name.endswith(".scale"):
            weights[name] = array
    return weights


def layer_count(tuned: dict[str, np.ndarray]) -> int:
    """Return how many encoder blocks the fine-tuned weights hold: the classifier may be
    trained on the encoder's first blocks only (train_classifier.py --layers)."""
    return 1 + max(int(name.split(".")[2]) for name in tuned if name.startswith("encoder.layer."))


def build_graph(weights: dict[str, np.ndarray], layers: int):  # -> onnx.ModelProto
    """Return a BERT encoder graph of `layers` blocks with a classifier: inputs input_ids,
    attention_mask (one unpadded text a call); outputs last_hidden_state and
    risk_probabilities (none, suicide, abuse, threat), a linear layer over the unit-length mean
    of the last block."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits: list = []
    nodes: list = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def linear(x: str, prefix: str, out: str) -> str:
        # torch stores Linear weights as [out, in]; MatMul wants [in, out].
        w = const(prefix + ".weight_t", weights[prefix + ".weight"].T)
        b = const(prefix + ".bias", weights[prefix + ".bias"])
        return node("Add", [node("MatMul", [x, w], out + "_mm"), b], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        g = const(prefix + ".weight", weights[prefix + ".weight"])
        b = const(prefix + ".bias", weights[prefix + ".bias"])
        return node("LayerNormalization", [x, g, b], out, axis=-1, epsilon=LN_EPS)

    const("word_emb", weights["embeddings.word_embeddings.weight"])
    const("pos_emb", weights["embeddings.position_embeddings.weight"])
    const("type0_emb", weights["embeddings.token_type_embeddings.weight"][0])
    const("zero_1d", np.array([0], dtype=np.int64))
    const("one_f", np.array(1.0, dtype=np.float32))
    const("neg_big", np.array(-10000.0, dtype=np.float32))
    const("split_shape", np.array([0, 0, HEADS, HEAD_DIM], dtype=np.int64))
    const("merge_shape", np.array([0, 0, HIDDEN], dtype=np.int64))
    const("mask_axes", np.array([1, 2], dtype=np.int64))
    const("scale", np.array(1.0 / math.sqrt(HEAD_DIM), dtype=np.float32))

    # Embeddings: word + position + token type 0, then LayerNorm.
    # Slice with 1-D bounds: ORT's full optimiser mis-rewrites a Range+Gather here.
    node("Shape", ["input_ids"], "seq_len", start=1, end=2)
    node("Gather", ["word_emb", "input_ids"], "e_word")
    node("Slice", ["pos_emb", "zero_1d", "seq_len", "zero_1d"], "e_pos")
    node("Add", ["e_word", "e_pos"], "e_wp")
    node("Add", ["e_wp", "type0_emb"], "e_all")
    x = layer_norm("e_all", "embeddings.LayerNorm", "h_emb")

    # Additive attention mask [B, 1, 1, S]: 0 where attended, -10000 on padding.
    node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    node("Unsqueeze", ["mask_f", "mask_axes"], "mask_4d")
    node("Sub", ["one_f", "mask_4d"], "mask_inv")
    node("Mul", ["mask_inv", "neg_big"], "mask_add")

    for i in range(layers):
        p = f"encoder.layer.{i}"
        q = linear(x, f"{p}.attention.self.query", f"l{i}_q")
        k = linear(x, f"{p}.attention.self.key", f"l{i}_k")
        v = linear(x, f"{p}.attention.self.value", f"l{i}_v")
        qh = node(
            "Transpose",
            [node("Reshape", [q, "split_shape"], f"l{i}_qr")],
            f"l{i}_qh",
            perm=[0, 2, 1, 3],
        )
        kh = node(
            "Transpose",
            [node("Reshape", [k, "split_shape"], f"l{i}_kr")],
            f"l{i}_kh",
            perm=[0, 2, 3, 1],
        )
        vh = node(
            "Transpose",
            [node("Reshape", [v, "split_shape"], f"l{i}_vr")],
            f"l{i}_vh",
            perm=[0, 2, 1, 3],
        )
        s = node("Mul", [node("MatMul", [qh, kh], f"l{i}_qk"), "scale"], f"l{i}_s")
        s = node("Add", [s, "mask_add"], f"l{i}_sm")
        probs = node("Softmax", [s], f"l{i}_p", axis=-1)
        ctx = node("MatMul", [probs, vh], f"l{i}_ctx")
        ctx = node("Transpose", [ctx], f"l{i}_ctxt", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, "merge_shape"], f"l{i}_ctxm")
        attn = linear(ctx, f"{p}.attention.output.dense", f"l{i}_ao")
        h = layer_norm(
            node("Add", [x, attn], f"l{i}_res1"), f"{p}.attention.output.LayerNorm", f"l{i}_h1"
        )
        inter = linear(h, f"{p}.intermediate.dense", f"l{i}_in")
        # Exact GELU, as BERT was trained: 0.5 * x * (1 + erf(x / sqrt 2)), as onnxruntime's
        # one-kernel Gelu (same output as the four standard ops, 0.25 ms less per message).
        gelu = node("Gelu", [inter], f"l{i}_gelu", domain="com.microsoft")
        out = linear(gelu, f"{p}.output.dense", f"l{i}_out")
        x = layer_norm(
            node("Add", [h, out], f"l{i}_res2"),
            f"{p}.output.LayerNorm",
            "last_hidden_state" if i == layers - 1 else f"l{i}_h2",
        )

    # The classifier reads the mean over tokens, at unit length, as it was trained. The mean is
    # plain because a call carries one text, unpadded.
    node("ReduceMean", ["last_hidden_state"], "pooled", axes=[1], keepdims=0)
    node("ReduceL2", ["pooled"], "pooled_norm", axes=[1], keepdims=1)
    node("Div", ["pooled", "pooled_norm"], "pooled_unit")
    w = const("classifier.weight_t", weights["classifier.weight"].T)
    b = const("classifier.bias", weights["classifier.bias"])
    node("Add", [node("MatMul", ["pooled_unit", w], CLASSIFIER_MATMUL), b], "risk_logits")
    node("Softmax", ["risk_logits"], "risk_probabilities", axis=-1)

    graph = helper.make_graph(
        nodes,
        "minilm_l6",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "seq", HIDDEN]
            ),
            helper.make_tensor_value_info(
                "risk_probabilities", TensorProto.FLOAT, ["batch", len(CLASSES)]
            ),
        ],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
        producer_name="hearth.safety.model.build",
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _remove_older_models(out_dir: Path, current: str) -> None:
    """Delete the files of other model builds (an upgrade builds the new one beside them; each
    is about 58 MB) and the prototype caches of the engine before v6. A server still running an
    old one holds it in memory already."""
    for old in [*out_dir.glob(f"{MODEL_STEM}*.onnx"), *out_dir.glob("prototypes-*.npy")]:
        if old.name != current:
            old.unlink(missing_ok=True)


def build(out_dir: Path | None = None, *, force: bool = False, weight_bits: int = 7) -> Path:
    """Build the int8 model and copy the tokenizer into `out_dir`; return the model path.

    `weight_bits` is 7 for the shipped model; 8 builds the CPU-dependent variant the tests
    compare it with.

    Writes go to a temporary name first and are renamed into place, so a crash never leaves
    a half-written model that the detector would try to load.
    """
    out_dir = out_dir or model_dir()
    target = out_dir / model_name()
    tokenizer = out_dir / TOKENIZER_NAME
    _remove_older_models(out_dir, target.name)
    if target.exists() and tokenizer.exists() and not force:
        return target
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    src = source_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        int8 = Path(tmp) / "int8.onnx"
        tuned = read_safetensors(classifier_weights())
        weights = fine_tuned(read_safetensors(src / "model.safetensors"), tuned)
        onnx.save(build_graph(weights, layer_count(tuned)), str(fp32))
        quantize_dynamic(
            str(fp32),
            str(int8),
            # Signed 7-bit weights, so every CPU computes the same integers, fast. On AVX2
            # without VNNI onnxruntime multiplies with an instruction that saturates each sum
            # of two products at 16 bits: with full 8-bit weights (`weight_bits=8`, kept for
            # test_model_on_other_cpus) the embeddings then depend on the machine. 7 bits keep
            # 255 * 64 * 2 under that limit. Unsigned weights (v4) are exact too, but have no
            # VNNI kernel: 3x slower on a VNNI CPU (24 against 8 ms for 128 tokens).
            weight_type=QuantType.QInt8,
            reduce_range=weight_bits == 7,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=[CLASSIFIER_MATMUL],
            # Shape inference stops at the contrib Gelu; every tensor here is float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        shutil.copyfile(src / TOKENIZER_NAME, Path(tmp) / TOKENIZER_NAME)
        os.replace(Path(tmp) / TOKENIZER_NAME, tokenizer)
        os.replace(int8, target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Build the model (`--force` rebuilds) and print where it is."""
    args = sys.argv[1:] if argv is None else argv
    path = build(force="--force" in args)
    print(path)  # noqa: T201 - command-line output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

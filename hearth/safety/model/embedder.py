"""Read text with the int8 risk model (model/build.py): the fine-tuned all-MiniLM-L6-v2
encoder's embedding (mean-pooled, L2-normalised, 384-d) and its classifier's probabilities."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from hearth.safety.model.paths import TOKENIZER_NAME, model_dir, model_name

INLINE_TOKENS = 128
# The classifier's classes, in the order of its probabilities.
CLASSES = ("none", "suicide", "abuse", "threat")
# onnxruntime fuses each residual Add into LayerNorm as SkipLayerNormalization, whose CPU kernel
# took 2.4 of 8.9 ms for a 122-token message (a quarter of the chat budget). Unfused, the model
# is as close to the exact fp32 encoder (mean cosine 0.9928 both ways; see
# docs/performance.md), and the embeddings differ from the fused ones by ~0.1%.
_UNFUSED = ["SkipLayerNormFusion"]


class ModelUnavailable(RuntimeError):
    """Raised when the risk model is missing or cannot be loaded.

    Never caught silently: the pipeline turns it into rules-only mode only when the caller
    explicitly allows degraded operation.
    """


class Embedder:
    """Hold one onnxruntime session and tokenizer; thread-safe for concurrent `embed` calls."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or model_dir()
        try:
            name = model_name()
        except OSError as exc:
            raise ModelUnavailable(f"safeguarding classifier weights unreadable: {exc}") from exc
        model_path = directory / name
        tok_path = directory / TOKENIZER_NAME
        if not model_path.is_file() or not tok_path.is_file():
            raise ModelUnavailable(
                f"safeguarding model not found in {directory}; "
                "run `python -m hearth.safety.model.build`"
            )
        # onnxruntime records device ids and events on Linux unless this is set before import.
        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            opts = ort.SessionOptions()
            # One thread per call: the web worker runs many requests, not one wide one.
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            self._session = ort.InferenceSession(
                str(model_path),
                opts,
                providers=["CPUExecutionProvider"],
                disabled_optimizers=_UNFUSED,
            )
            tok = Tokenizer.from_file(str(tok_path))
        except Exception as exc:  # corrupt file, wrong format, bad protobuf ...
            raise ModelUnavailable(
                f"safeguarding model in {directory} cannot be loaded: {exc}"
            ) from exc
        # The shipped tokenizer pads to 128; padding is 5x slower and corrupts the mean pool.
        tok.no_padding()
        self._whole = Tokenizer.from_str(tok.to_str())  # for token_spans: no truncation
        self._whole.no_truncation()
        tok.enable_truncation(INLINE_TOKENS)
        self._tok = tok

    def _run(self, text: str, output: str) -> np.ndarray:
        arr = np.asarray([self._tok.encode(text).ids], dtype=np.int64)
        (result,) = self._session.run(
            [output], {"input_ids": arr, "attention_mask": np.ones_like(arr)}
        )
        return result[0]

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        """Return the character span of each of `text`'s tokens, all of them (no truncation),
        without the two markers the model adds around a text."""
        return self._whole.encode(text, add_special_tokens=False).offsets

    def tokens(self, text: str) -> int:
        """Return how many tokens of `text` the model reads (at most 128)."""
        return len(self._tok.encode(text).ids)

    def embed(self, text: str) -> np.ndarray:
        """Return one unit vector for `text`, truncated to 128 tokens."""
        vec = self._run(text, "last_hidden_state").mean(axis=0)
        return vec / (np.linalg.norm(vec) + np.float32(1e-12))

    def classify(self, text: str) -> np.ndarray:
        """Return the probability of each of CLASSES for `text`, truncated to 128 tokens.
        One text a call: int8 activations are quantised per call, so a padded batch would
        read each text a little differently from how it reads alone."""
        return self._run(text, "risk_probabilities")


_lock = threading.Lock()
_shared: Embedder | None = None


def get_embedder() -> Embedder:
    """Return the process-wide embedder, loading it on first use; raise ModelUnavailable."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = Embedder()
    return _shared

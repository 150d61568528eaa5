"""Embed text with the int8 all-MiniLM-L6-v2 model: mean-pooled, L2-normalised, 384-d."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from hearth.safety.model.paths import MODEL_NAME, TOKENIZER_NAME, model_dir

CHUNK_TOKENS = 64
INLINE_TOKENS = 128
DIM = 384
# onnxruntime fuses each residual Add into LayerNorm as SkipLayerNormalization, whose CPU kernel
# took 2.4 of 8.9 ms for a 122-token message (a quarter of the chat budget). Unfused, the model
# is as close to the exact fp32 encoder (mean cosine 0.9928 both ways; see
# docs/performance.md), and the embeddings differ from the fused ones by ~0.1%.
_UNFUSED = ["SkipLayerNormFusion"]


class ModelUnavailable(RuntimeError):
    """Raised when the embedding model is missing or cannot be loaded.

    Never caught silently: the pipeline turns it into rules-only mode only when the caller
    explicitly allows degraded operation.
    """


class Embedder:
    """Hold one onnxruntime session and tokenizer; thread-safe for concurrent `embed` calls."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or model_dir()
        model_path = directory / MODEL_NAME
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
        tok.enable_truncation(INLINE_TOKENS)
        self._tok = tok
        self._chunk_tok = Tokenizer.from_str(tok.to_str())
        self._chunk_tok.no_padding()
        self._chunk_tok.no_truncation()
        self.path = model_path
        # What the embeddings depend on: the model's bytes (by size) and how the graph is run.
        self.identity = f"{model_path.stat().st_size}:{','.join(_UNFUSED)}"

    def _run(self, ids: list[int]) -> np.ndarray:
        arr = np.asarray([ids], dtype=np.int64)
        (hidden,) = self._session.run(
            ["last_hidden_state"], {"input_ids": arr, "attention_mask": np.ones_like(arr)}
        )
        vec = hidden[0].mean(axis=0)
        return vec / (np.linalg.norm(vec) + np.float32(1e-12))

    def embed(self, text: str) -> np.ndarray:
        """Return one unit vector for `text`, truncated to 128 tokens."""
        return self._run(self._tok.encode(text).ids)

    def embed_chunks(self, text: str, chunk_tokens: int = CHUNK_TOKENS) -> np.ndarray:
        """Return unit vectors [n, 384] for `text` split into windows of ≤ `chunk_tokens`.

        Short text (≤ 128 tokens) is one vector; long posts are windowed so a single risky
        sentence is not diluted by the surrounding paragraphs.
        """
        enc = self._chunk_tok.encode(text, add_special_tokens=False)
        body = enc.ids
        if len(body) + 2 <= INLINE_TOKENS:
            return self.embed(text)[None, :]
        cls_id = self._tok.token_to_id("[CLS]") or 0
        sep_id = self._tok.token_to_id("[SEP]") or 0
        step = chunk_tokens - 2
        # Half-window overlap keeps a phrase that straddles a boundary whole in one chunk.
        starts = range(0, max(len(body) - step // 2, 1), step // 2)
        vecs = [self._run([cls_id, *body[s : s + step], sep_id]) for s in starts]
        return np.stack(vecs)

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Return unit vectors [n, 384] for short texts, padded in one call (for prototypes)."""
        encs = [self._tok.encode(t).ids for t in texts]
        width = max(len(e) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encs):
            ids[row, : len(e)] = e
            mask[row, : len(e)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask}
        )
        m = mask[:, :, None].astype(np.float32)
        vecs = (hidden * m).sum(axis=1) / m.sum(axis=1)
        return vecs / (np.linalg.norm(vecs, axis=1, keepdims=True) + np.float32(1e-12))


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

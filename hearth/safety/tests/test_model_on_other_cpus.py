"""The shipped model gives the same embeddings on a CPU without VNNI, emulated by qemu.

onnxruntime picks its integer kernel by CPU. On AVX2 without VNNI it sums each pair of 8-bit
products in 16 bits, and full 8-bit weights saturate there; the shipped 7-bit weights cannot
(hearth/safety/model/build.py). scripts/ensure-system.sh installs qemu-user. On a host without
VNNI the emulated run takes the host's own kernel (qemu 7.2 emulates no VNNI).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from hearth.safety.model.build import build
from hearth.safety.model.paths import model_dir

ROOT = Path(__file__).resolve().parents[3]
TEXTS = [
    "I can't go on anymore, there is no point living",
    "Tried the 5-4-3-2-1 grounding thing on the train today and it actually helped me get to my "
    "appointment without turning back.",
]
_EMBED = (
    "import json, sys; from pathlib import Path; "
    "from hearth.safety.model.embedder import Embedder; "
    "e = Embedder(Path(sys.argv[1])); "
    "print(json.dumps([e.embed(t).tolist() for t in json.loads(sys.argv[2])]))"
)


def _embed(directory: Path, *, emulate: bool) -> np.ndarray:
    command = [sys.executable, "-c", _EMBED, str(directory), json.dumps(TEXTS)]
    if emulate:  # Haswell: AVX2, no AVX-512, no VNNI
        command = ["qemu-x86_64", "-cpu", "Haswell", *command]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=True, cwd=ROOT
    )
    return np.array(json.loads(done.stdout))


def _cosines(directory: Path) -> np.ndarray:
    here, there = _embed(directory, emulate=False), _embed(directory, emulate=True)
    return (here * there).sum(axis=1)


def test_the_shipped_weights_give_the_same_embeddings_without_vnni(tmp_path):
    assert shutil.which("qemu-x86_64"), "run scripts/ensure-system.sh (installs qemu-user)"
    # Float rounding only: the integers are the same, but a float that rounds the other way
    # when an activation is quantised moves it one step. Round 19's weights read the second
    # text at 0.99990 here (earlier weights above 0.99999); full 8-bit weights, below, ~0.988.
    assert _cosines(model_dir()).min() > 0.9995
    build(tmp_path, weight_bits=8)
    if _host_has_vnni():
        # The check can fail: full 8-bit weights read differently there (cosine ~0.988).
        assert _cosines(tmp_path).min() < 0.999
    else:
        # This host is itself a CPU without VNNI (qemu cannot emulate one with it), so both runs
        # take the same saturating kernel, even for 8-bit weights. Here the property is checked
        # against embeddings made on a VNNI CPU (test_detector_semantic_risk's references).
        assert _cosines(tmp_path).min() > 0.9995


def _host_has_vnni() -> bool:
    flags = Path("/proc/cpuinfo").read_text().split()
    return "avx512_vnni" in flags or "avx_vnni" in flags

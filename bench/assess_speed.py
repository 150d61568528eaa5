"""Time `assess` on one core: chat-length messages, 5,000-character posts, and a batch.

Run: taskset -c 0 .venv/bin/python bench/assess_speed.py
Budgets (DESIGN.md): chat p99 <= 10 ms; 5,000-character post p99 <= 50 ms.
Wall time is the budget. CPU time (process_time) is printed too: on a shared machine, wall p99
includes time the process sat descheduled, and the CPU column shows how much is our own work.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hearth.safety.pipeline import assess  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "hearth" / "safety" / "corpus" / "corpus.jsonl"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(texts: list[str], rounds: int, run=assess) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(rounds):
        for t in texts:
            start, cpu_start = time.perf_counter(), time.process_time()
            run(t)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
    return wall, cpu


def cpu_name() -> str:
    """Name the CPU and the vector extensions the model's speed depends on (docs/performance.md:
    the same code is ten times slower on AVX2 without VNNI)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return "unknown CPU"
    model = next(
        (ln.split(":", 1)[1].strip() for ln in info.splitlines() if "model name" in ln), ""
    )
    flags = set(next((ln for ln in info.splitlines() if ln.startswith("flags")), "").split())
    wanted = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")
    return f"{model or 'unknown CPU'} ({', '.join(f for f in wanted if f in flags) or 'no AVX2'})"


def main() -> int:
    print(f"CPU: {cpu_name()}")
    texts = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines() if x]
    chat = [t[:500] for t in texts]
    long_posts = []
    for i in range(20):  # distinct posts, so no cache is hit between iterations
        body = " ".join(texts[(i * 7 + j) % len(texts)] + "." for j in range(200))
        long_posts.append(body[:5000])
    timed(chat[:20], 1)  # warm-up: model load, prototype cache, phone metadata
    chat_ms, chat_cpu = timed(chat, 3)
    long_ms, long_cpu = timed(long_posts, 2)
    start = time.perf_counter()
    for t in chat:
        assess(t + " ")  # a new string each time so the fold cache is not reused
    batch = len(chat) / (time.perf_counter() - start)
    print("| case | n | p50 ms | p99 ms | budget p99 | CPU p50 ms | CPU p99 ms |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| chat (≤ 500 chars) | {len(chat_ms)} | {pct(chat_ms, 50):.2f} | "
        f"{pct(chat_ms, 99):.2f} | 10 ms | {pct(chat_cpu, 50):.2f} | {pct(chat_cpu, 99):.2f} |"
    )
    # The cost grows with length (about 1 ms per 10 tokens): the budget's worst case is the
    # longest chat message, so the rows by length show where it is spent.
    for low, high in ((0, 200), (200, 350), (350, 500)):
        part = [
            (w, c)
            for t, w, c in zip(chat * 3, chat_ms, chat_cpu, strict=True)
            if low < len(t) <= high
        ]
        wall, cpu = [w for w, _ in part], [c for _, c in part]
        print(
            f"| chat, {low + 1}-{high} chars | {len(part)} | {pct(wall, 50):.2f} | "
            f"{pct(wall, 99):.2f} | 10 ms | {pct(cpu, 50):.2f} | {pct(cpu, 99):.2f} |"
        )
    print(
        f"| post (5,000 chars) | {len(long_ms)} | {pct(long_ms, 50):.1f} | "
        f"{pct(long_ms, 99):.1f} | 50 ms | {pct(long_cpu, 50):.1f} | {pct(long_cpu, 99):.1f} |"
    )
    print(f"\nbatch throughput, chat messages, one thread: {batch:.0f} messages/s")
    print_model_floor([t for t in chat if len(t) > 350])
    return 0


def print_model_floor(longest: list[str]) -> None:
    """Print the model's forward pass alone on the longest chat texts: the part of the chat
    budget no rule can win back on this CPU."""
    from hearth.safety.model.embedder import get_embedder

    embedder = get_embedder()
    tokens = sorted(embedder.tokens(t) for t in longest)
    wall, _ = timed(longest, 1, embedder.classify)
    print(
        f"model forward pass alone, {len(longest)} chat texts of 351-500 chars "
        f"(median {pct(tokens, 50):.0f} tokens): p50 {pct(wall, 50):.2f} ms, "
        f"p99 {pct(wall, 99):.2f} ms"
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure what the server stack costs before Hearth does anything, on 127.0.0.1 only.

Run: .venv/bin/python bench/stack_floor.py    (about 40 s; needs PostgreSQL and Redis as for
bench/thread_page.py, and the same load generator, bench/_servers.drive)

Three servers, each under uvicorn --workers 2 as production runs it, each driven by the same 16
keep-alive clients in a closed loop for 10 s (after a 2 s warm-up), GETting /healthz:
- uvicorn alone (an ASGI app that answers "ok" itself);
- Django with no middleware and no database, through Hearth's WSGI bridge;
- Hearth itself: every middleware, a SELECT 1 and a cache round trip (bench/thread_page.py's
  "floor" row), on a throwaway PostgreSQL database.
Reported: requests/s, p50/p99 latency, and the server processes' CPU per request. The
difference between the last two rows is Hearth's own per-request cost, not the framework's.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._servers import (  # noqa: E402
    ROOT,
    cpu_seconds,
    create_pg_database,
    descendants,
    drive,
    drop_pg_database,
    env,
    free_port,
    pct,
    start_uvicorn,
    stop,
    wait_healthy,
)

CLIENTS = 16
SECONDS = 10.0


def _measure(app: str, server_env: dict[str, str], var_dir: Path) -> dict[str, float]:
    port = free_port()
    log = var_dir / f"{app.replace(':', '-')}.log"
    server = start_uvicorn(app, port, server_env, log, workers=2)
    try:
        wait_healthy(server, port, log)
        loop = asyncio.new_event_loop()
        loop.run_until_complete(drive(port, "/healthz", "", CLIENTS, 2))
        pids = descendants(server.pid)
        before = cpu_seconds(pids)
        load = loop.run_until_complete(drive(port, "/healthz", "", CLIENTS, SECONDS))
        after = cpu_seconds(pids)
        loop.close()
    finally:
        stop(server)
    cpu = sum(after[p] - before[p] for p in after if p in before)
    return {
        "rps": len(load.latencies) / load.seconds,
        "p50": pct(load.latencies, 50),
        "p99": pct(load.latencies, 99),
        "cpu_ms": cpu / max(1, load.answered) * 1000,
        "errors": sum(n for status, n in load.statuses.items() if status != 200),
    }


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="hearth-floor-"))
    database = f"hearth_floor_{os.getpid()}"
    rows = []
    try:
        bare = env(var_dir, None, None) | {"PYTHONPATH": str(ROOT)}
        rows.append(("uvicorn alone", _measure("bench._bare_apps:asgi", bare, var_dir)))
        rows.append(
            ("Django, no middleware", _measure("bench._bare_apps:django_app", bare, var_dir))
        )
        url = create_pg_database(database, connection_limit=40)
        hearth = env(var_dir, url, "redis://127.0.0.1:6379/9")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=hearth, check=True
        )
        rows.append(("Hearth /healthz", _measure("hearth.asgi:application", hearth, var_dir)))
    finally:
        drop_pg_database(database)
        subprocess.run(["redis-cli", "-n", "9", "flushdb"], capture_output=True, check=False)
        shutil.rmtree(var_dir, ignore_errors=True)
    print(
        f"\n/healthz, {CLIENTS} clients for {SECONDS:.0f} s, uvicorn --workers 2, {os.cpu_count()} cores"
    )
    print(
        "| server | req/s | p50 ms | p99 ms | CPU ms/request | errors |\n|---|---|---|---|---|---|"
    )
    for name, r in rows:
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['cpu_ms']:.2f} "
            f"| {r['errors']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

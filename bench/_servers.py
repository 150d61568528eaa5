"""Shared by the benchmarks: throwaway databases, real uvicorn servers, an HTTP load generator,
/proc readings.

Everything listens on 127.0.0.1 only. PostgreSQL (user postgres, trust) and Redis must be
running there: ./scripts/ensure-services.sh.
"""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG = ["-h", HOST, "-U", "postgres"]


def env(var_dir: Path, database_url: str | None, redis_url: str | None) -> dict[str, str]:
    """Return a server environment: fresh secrets, debug off, this database and Redis."""
    values = {k: v for k, v in os.environ.items() if not k.startswith(("HEARTH_", "DJANGO_"))}
    values.update(
        HEARTH_VAR_DIR=str(var_dir),
        HEARTH_SECRET_KEY=secrets.token_urlsafe(50),
        HEARTH_MASTER_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        HEARTH_DEBUG="false",
        HEARTH_HTTPS="false",
        HEARTH_ALLOWED_HOSTS=HOST,
        HEARTH_LOG_LEVEL="WARNING",
        HEARTH_MODEL_DIR=os.environ.get("HEARTH_MODEL_DIR", str(ROOT / "var" / "models")),
        DJANGO_SETTINGS_MODULE="hearth.settings",
        PYTHONUNBUFFERED="1",
        OMP_NUM_THREADS="1",
    )
    if database_url:
        values["HEARTH_DATABASE_URL"] = database_url
    if redis_url:
        values["HEARTH_REDIS_URL"] = redis_url
    return values


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def create_pg_database(name: str, connection_limit: int) -> str:
    """Create database and role `name` (the role capped at `connection_limit`); return its URL.

    The server connects as its own non-superuser role, so a connection leak cannot take the
    shared server's slots from anyone else.
    """
    subprocess.run(
        ["psql", *PG, "-d", "postgres", "-qc",
         f"CREATE ROLE {name} LOGIN CONNECTION LIMIT {connection_limit}"],
        check=True,
    )  # fmt: skip
    subprocess.run(["createdb", *PG, "-O", name, name], check=True)
    return f"postgres://{name}@{HOST}:5432/{name}"


def drop_pg_database(name: str) -> None:
    subprocess.run(
        ["psql", *PG, "-d", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        check=False,
    )
    subprocess.run(
        ["psql", *PG, "-d", "postgres", "-qc", f"DROP ROLE IF EXISTS {name}"], check=False
    )


def flush_redis(db: int) -> None:
    subprocess.run(["redis-cli", "-n", str(db), "flushdb"], capture_output=True, check=False)


def start_uvicorn(
    app: str, port: int, env: dict[str, str], log: Path, workers: int | None = None
) -> subprocess.Popen[bytes]:
    """Start uvicorn as production runs it (uvloop, httptools, websockets-sansio)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(VENV_BIN / "uvicorn"), app, "--host", HOST, "--port", str(port),
             *(["--workers", str(workers)] if workers else []),
             "--no-access-log", "--no-server-header", "--loop", "uvloop", "--http", "httptools",
             "--ws", "websockets-sansio", "--ws-per-message-deflate", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def wait_healthy(
    server: subprocess.Popen[bytes], port: int, log: Path, seconds: float = 90
) -> None:
    """Wait for /healthz to answer; raise with the log's tail if it does not."""
    deadline, answer = time.monotonic() + seconds, "nothing"
    while True:
        if server.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=5):
                return
        except OSError as error:
            answer = str(error)
            time.sleep(0.2)
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"no healthy /healthz in {seconds:.0f} s ({answer}):\n{tail}")


def stop(server: subprocess.Popen[bytes] | None) -> None:
    if server is None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def descendants(pid: int) -> list[int]:
    """Return `pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            continue
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """Return each process's CPU time so far (utime + stime), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    seen = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seen[pid] = (int(fields[11]) + int(fields[12])) / tick
    return seen


def rss_mb(pid: int) -> float:
    """Return a process's resident set size in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --- HTTP load ---------------------------------------------------------------------------------


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    status = int((await reader.readline()).split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            close = True
    if chunked:
        body = bytearray()
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
        return status, bytes(body), close
    return status, await reader.readexactly(length or 0), close


@dataclass
class Load:
    latencies: list[float]  # 200 answers in the measured window
    statuses: dict[int, int]  # every answer in the measured window, by status
    seconds: float  # the measured window
    answered: int  # every answer, ramp included: what the CPU readings cover
    wall: float  # seconds from the first connection to the last answer


async def drive(
    port: int,
    path: str,
    cookie: str,
    clients: int,
    seconds: float,
    ramp: float = 0.05,
    rate: float | None = None,
) -> Load:
    """Run `clients` keep-alive clients in a closed loop; measure for `seconds` once all are on.

    Clients connect `ramp` seconds apart, as load builds up in life. Connecting all at once
    let one uvicorn worker accept every connection while the other slept, so the figures
    measured one process, not the server.

    With `rate`, the clients instead send `rate` requests a second between them, each on a
    schedule (client i every clients/rate seconds, the clients staggered). A request's latency
    counts from when it was due, so an answer that comes late and delays the next request is
    charged to that one too (no coordinated omission).
    """
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nCookie: {cookie}\r\n"
        "Accept: text/html\r\nUser-Agent: hearth-bench\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    began = time.perf_counter()
    measure_from = began + ramp * clients
    stop = measure_from + seconds
    answered = 0

    async def client(index: int) -> None:
        await asyncio.sleep(index * ramp)
        reader, writer = await asyncio.open_connection(HOST, port)
        due = measure_from + index / rate if rate else 0.0
        try:
            while True:
                if rate:
                    if due >= stop:
                        break
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    start, due = due, due + clients / rate
                else:
                    if time.perf_counter() >= stop:
                        break
                    start = time.perf_counter()
                writer.write(request)
                status, _body, close = await read_response(reader)
                nonlocal answered
                answered += 1
                if start >= measure_from:
                    if status == 200:  # a fast error page must not flatter the figures
                        latencies.append((time.perf_counter() - start) * 1000)
                    statuses[status] = statuses.get(status, 0) + 1
                if close:
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
        finally:
            writer.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return Load(latencies, statuses, seconds, answered, time.perf_counter() - began)


# wrk calls done() once at the end; latencies are in microseconds.
_WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class WrkLoad:
    answered: int  # every answer, errors included
    errors: int  # non-2xx/3xx answers and socket errors
    seconds: float
    p50: float  # ms, over every answer
    p99: float


def wrk_load(port: int, path: str, cookie: str, clients: int, seconds: float) -> WrkLoad:
    """Run Debian's wrk (C, one thread) as the load generator: it costs the shared cores far
    less than the asyncio clients, so the figures are closer to the server's own."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_REPORT)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{clients}", f"-d{seconds:.0f}s", "-s", script.name,
             "-H", f"Cookie: {cookie}", "-H", "Accept: text/html",
             f"http://{HOST}:{port}{path}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    requests, micros, status_errors, socket_errors, p50, p99 = map(int, line.split()[1:])
    return WrkLoad(requests, status_errors + socket_errors, micros / 1e6, p50 / 1000, p99 / 1000)

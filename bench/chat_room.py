"""Load-test one live chat room over real WebSockets, on 127.0.0.1 only.

Run: .venv/bin/python bench/chat_room.py        (about 4 minutes; `make bench` runs it)
     .venv/bin/python bench/chat_room.py --profile   (also cProfile the first server process)
Needs PostgreSQL (user postgres, trust) and Redis on 127.0.0.1: ./scripts/ensure-services.sh.

Rows:
- "embedded": the default install: SQLite, the in-memory channel layer, one uvicorn process.
- "postgres + redis": a throwaway PostgreSQL database (role capped at 40 connections,
  HEARTH_DB_POOL_SIZE=8 per process), Redis db 9 (channels_redis pub/sub; flushed afterwards)
  and two uvicorn processes on two ports, the clients split evenly across them.

Data (a child process per row, so each database gets its own Django): an organisation, a
facilitator, a chat group (publish at once, review afterwards) and 1,000 member accounts made
with the real actions (do_create_user with the test suite's light Argon2 parameters,
do_add_membership, do_accept_agreement); do_add_membership does not apply the group capacity,
which the group form caps at 500. Each member is signed in the way hearth.lib.testing.cast
.sign_in does (an AccountSession and a Django session); the cookie goes in the handshake with
Origin http://127.0.0.1. One session is scheduled and opened through the chat actions.

Part A (each row): 1,000 sockets, one per member, join the open room. A sender process holds
20 of them and sends 20 messages a second for 60 s, round-robin, each a real sentence tagged
with its number in letters (digits could look like a phone number to the safeguarding nudges);
its send times are kept by number. Every socket (the sender's too: authors get their own
message) records when each message frame arrives. Latency is receive time minus send time
(CLOCK_MONOTONIC is system-wide on Linux), over every delivery. Lost = published messages times
sockets minus deliveries. The clients run in three processes with asyncio (uvloop) and the
`websockets` library, negotiating permessage-deflate as browsers do; they share the machine's
2 cores with the servers, PostgreSQL and Redis, and their CPU time is reported.

Part B (embedded row, before Part A): RSS (/proc) of the one server process, warm (it has
screened and broadcast a few messages), then holding 5,000 idle sockets (5 per member, as
tabs), measured 5 s after the last one connected.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from bench import _servers  # noqa: E402
from bench._servers import HOST, ROOT  # noqa: E402

REDIS_DB = 9
PG_LIMIT = 40
POOL_SIZE = 8
PASSPHRASE = "copper kettles hum beside the garden wall"
SENDERS = 20
CLIENT_PROCESSES = 2  # receivers; the sender is a third process
BUDGET_P99_MS = 100.0
BUDGET_IDLE_MB = 500.0

SENTENCES = [
    "I went for a long walk this morning and the cold air helped clear my head.",
    "Some days are easier than others, and today was one of the easier ones.",
    "Thank you for saying that, it means a lot to hear it from someone else.",
    "My sister came round for tea and we talked about ordinary things for a change.",
    "I have started writing three small things down each evening.",
    "The group last week made me feel less alone than I have in months.",
    "Sending you warmth. You do not have to have it all worked out today.",
    "Cooking a proper meal felt like a big step, and I am proud of it.",
]
TAG = re.compile(r"\[ref ([a-z]+)\]")


def letters(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(97 + r) + out
        if n == 0:
            return out


def unletters(s: str) -> int:
    n = 0
    for ch in s:
        n = n * 26 + ord(ch) - 97
    return n


# --- Setup (a child process with its own Django) ----------------------------------------------


def setup_data(members: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["hearth.lib.testing.hashers.FastArgon2PasswordHasher"]
    call_command("migrate", verbosity=0)

    from datetime import timedelta

    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from hearth.accounts.actions import do_create_user
    from hearth.accounts.models import Organisation, User
    from hearth.chat import actions as chat_actions
    from hearth.groups import actions as group_actions
    from hearth.groups.access import access_group
    from hearth.groups.models import Group, Membership
    from hearth.groups.texts import NOTICE_VERSION
    from hearth.lib.testing.cast import sign_in

    organisation = Organisation.objects.create(name="Bench Programme")
    fran = do_create_user(organisation, "fran", PASSPHRASE, role=User.Role.FACILITATOR)
    group = group_actions.check_create_group(
        fran,
        group_actions.GroupSettings(
            name="Evening circle",
            discreet_name="Book club",
            purpose="Peer support after a hard year.",
            moderation=Group.Moderation.POST,
            capacity=500,
            has_chat=True,
        ),
        facilitate=True,
    )
    version = group.agreements.get().version
    cookies = []
    for start in range(0, members, 100):
        with transaction.atomic():
            for i in range(start, min(members, start + 100)):
                user = do_create_user(organisation, f"member{letters(i)}", PASSPHRASE)
                membership = group_actions.do_add_membership(
                    group,
                    user,
                    role=Membership.Role.MEMBER,
                    display_name=f"Member {i}",
                    consent_version=NOTICE_VERSION,
                )
                group_actions.do_accept_agreement(membership, version)
                client = Client()
                sign_in(client, user)
                cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    found = access_group(fran, group.id)
    (session,) = chat_actions.check_schedule_sessions(
        found, chat_actions.Schedule("Evening chat", timezone.now() + timedelta(minutes=5))
    )
    chat_actions.check_open_session(found, session)
    return {"session": str(session.id), "cookie_name": settings.SESSION_COOKIE_NAME,
            "cookies": cookies}  # fmt: skip


# --- Clients (each a process running asyncio) ------------------------------------------------


@dataclass
class Socket:
    port: int
    cookie: str
    ws: Any = None
    seen_idx: array = field(default_factory=lambda: array("i"))
    seen_at: array = field(default_factory=lambda: array("d"))


def client_worker(conn: Any, role: str, specs: list[tuple[int, str]], info: dict) -> None:
    """One client process: connect `specs`, then obey the parent's commands over `conn`."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_client_main(conn, role, specs, info))


async def _client_main(conn: Any, role: str, specs: list[tuple[int, str]], info: dict) -> None:
    from websockets.asyncio.client import connect

    loop = asyncio.get_running_loop()
    sockets = [Socket(port, cookie) for port, cookie in specs]
    acks: dict[str, tuple[float, dict]] = {}
    errors: list[dict] = []
    path = f"/ws/chat/{info['session']}/"
    failed = 0

    async def reader(sock: Socket) -> None:
        clock = time.monotonic
        try:
            async for raw in sock.ws:
                if raw.startswith('{"type": "message"'):
                    match = TAG.search(raw)
                    if match:
                        sock.seen_idx.append(unletters(match.group(1)))
                        sock.seen_at.append(clock())
                elif role == "sender":
                    frame = json.loads(raw)
                    if frame["type"] == "ack":
                        acks[frame["client_msg_id"]] = (clock(), frame)
                    elif frame["type"] in ("error", "confirm"):
                        errors.append(frame)
        except Exception:  # noqa: BLE001 - a dropped socket shows up as lost deliveries
            pass

    gate = asyncio.Semaphore(32)

    async def open_one(sock: Socket) -> None:
        nonlocal failed
        async with gate:
            try:
                sock.ws = await connect(
                    f"ws://{HOST}:{sock.port}{path}",
                    origin=f"http://{HOST}:{sock.port}",
                    additional_headers={"Cookie": f"{info['cookie_name']}={sock.cookie}"},
                    open_timeout=60,
                    ping_interval=None,
                    max_queue=None,
                )
                hello = json.loads(await sock.ws.recv())
                assert hello["type"] == "hello", hello
                loop.create_task(reader(sock))
            except Exception as error:  # noqa: BLE001
                failed += 1
                if failed <= 3:
                    print(f"[{role}] connect failed: {error!r}", file=sys.stderr)

    began = time.monotonic()
    await asyncio.gather(*(open_one(s) for s in sockets))
    conn.send(("connected", len(sockets) - failed, failed, time.monotonic() - began))
    while True:
        command, arg = await loop.run_in_executor(None, conn.recv)
        if command == "close":
            await asyncio.gather(*(s.ws.close() for s in sockets if s.ws is not None))
            conn.send(("closed",))
            return
        if command == "warm":  # send a few messages and wait for their acks
            for i in range(arg):
                await _send(sockets[i % len(sockets)], f"warm-{i}", f"Hello, warming up {i}.")
            deadline = time.monotonic() + 60
            while len([k for k in acks if k.startswith("warm-")]) < arg:
                assert time.monotonic() < deadline, "warm-up messages got no ack"
                await asyncio.sleep(0.05)
            conn.send(("warm", errors[:3]))
        elif command == "clear":
            for s in sockets:
                s.seen_idx, s.seen_at = array("i"), array("d")
            conn.send(("cleared",))
        elif command == "send":
            rate, seconds = arg
            sent_at = await _send_load(sockets[:SENDERS], rate, seconds)
            deadline = time.monotonic() + 30  # every send answered (ack or error), or give up
            while len([k for k in acks if k.startswith("load-")]) + len(errors) < len(sent_at):
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            conn.send(("sent", sent_at))
        elif command == "results":
            idx, at = array("i"), array("d")
            for s in sockets:
                idx.extend(s.seen_idx)
                at.extend(s.seen_at)
            receiving = sum(1 for s in sockets if s.ws is not None)
            ack_times = {k: (t, f["seq"], f["status"]) for k, (t, f) in acks.items()}
            conn.send(("results", idx.tobytes(), at.tobytes(), receiving, ack_times, errors))


async def _send(sock: Socket, client_msg_id: str, text: str) -> None:
    await sock.ws.send(json.dumps({"type": "send", "client_msg_id": client_msg_id, "text": text}))


async def _send_load(sockets: list[Socket], rate: float, seconds: float) -> list[float]:
    """Send rate*seconds messages on schedule, round-robin; return each one's send time."""
    total = int(rate * seconds)
    sent_at = []
    start = time.monotonic() + 0.2
    for i in range(total):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        text = f"{SENTENCES[i % len(SENTENCES)]} [ref {letters(i)}]"
        sent_at.append(time.monotonic())
        # A socket the server closed is counted as unanswered.
        with contextlib.suppress(Exception):
            await _send(sockets[i % len(sockets)], f"load-{i}", text)
    return sent_at


class Clients:
    """The client processes: one sender (its first 20 sockets send) and some receivers."""

    def __init__(self, info: dict, specs: list[tuple[int, str]], receivers: int) -> None:
        ctx = multiprocessing.get_context("fork")
        chunks = [specs[:SENDERS]] + [specs[SENDERS + i :: receivers] for i in range(receivers)]
        self.pipes, self.procs = [], []
        for n, chunk in enumerate(chunks):
            parent, child = ctx.Pipe()
            role = "sender" if n == 0 else "receiver"
            proc = ctx.Process(target=client_worker, args=(child, role, chunk, info), daemon=True)
            proc.start()
            self.pipes.append(parent)
            self.procs.append(proc)
        answers = [p.recv() for p in self.pipes]
        self.connected = sum(a[1] for a in answers)
        self.failed = sum(a[2] for a in answers)
        self.connect_seconds = max(a[3] for a in answers)

    @property
    def sender(self) -> Any:
        return self.pipes[0]

    def all(self, command: str, arg: Any = None) -> list[Any]:
        for pipe in self.pipes:
            pipe.send((command, arg))
        return [pipe.recv() for pipe in self.pipes]

    def cpu_seconds(self) -> float:
        return sum(_servers.cpu_seconds([p.pid for p in self.procs if p.pid]).values())

    def close(self) -> None:
        with contextlib.suppress(EOFError, BrokenPipeError, OSError):
            self.all("close")
        for proc in self.procs:
            proc.join(timeout=15)
            if proc.is_alive():
                proc.kill()


# --- One row ----------------------------------------------------------------------------------


def run_row(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="hearth-bench-chat-"))
    database = f"hearth_bench_chat_{os.getpid()}"
    postgres = kind != "embedded"
    servers: list[Any] = []
    try:
        url = _servers.create_pg_database(database, PG_LIMIT) if postgres else None
        env = _servers.env(var_dir, url, f"redis://{HOST}:6379/{REDIS_DB}" if postgres else None)
        if postgres:
            env["HEARTH_DB_POOL_SIZE"] = str(POOL_SIZE)
        began = time.perf_counter()
        members = max(args.clients, args.idle // 5 if not postgres else 0)
        setup = subprocess.run(
            [sys.executable, __file__, "--setup", str(members)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True,
        )  # fmt: skip
        info = json.loads(setup.stdout.strip().splitlines()[-1])
        print(f"[{kind}] {members} members ready in {time.perf_counter() - began:.0f} s",
              file=sys.stderr)  # fmt: skip
        ports = [_servers.free_port() for _ in range(2 if postgres else 1)]
        for n, port in enumerate(ports):
            log = var_dir / f"uvicorn-{n}.log"
            server_env = dict(env)
            if args.profile and n == 0:
                server_env["BENCH_PROFILE"] = str(var_dir / "server.prof")
                app = "bench.chat_room:profiled_application"
            else:
                app = "hearth.asgi:application"
            servers.append((_servers.start_uvicorn(app, port, server_env, log), port, log))
        for server, port, log in servers:
            _servers.wait_healthy(server, port, log)
        row: dict[str, Any] = {"kind": kind, "processes": len(servers)}
        cookies = info["cookies"]
        if not postgres and args.idle:
            row.update(_idle_memory(info, cookies, ports[0], servers[0][0].pid, args))
        specs = [(ports[i % len(ports)], c) for i, c in enumerate(cookies[: args.clients])]
        row.update(_room_load(info, specs, [s[0].pid for s in servers], args))
        if args.profile:
            row["profile"] = str(var_dir / "server.prof")
        return row
    finally:
        for server, _port, log in servers:
            _servers.stop(server)
            text = log.read_text(errors="replace")
            problems = [line for line in text.splitlines() if '"level": "error"' in line]
            if problems:
                print(f"[{kind}] {len(problems)} errors in the server log, e.g.:\n"
                      + "\n".join(p[:1000] for p in problems[:3]), file=sys.stderr)  # fmt: skip
        if postgres:
            _servers.drop_pg_database(database)
            _servers.flush_redis(REDIS_DB)
        if args.profile:
            keep = Path(tempfile.gettempdir()) / f"chat_room-{kind.split()[0]}.prof"
            if (var_dir / "server.prof").exists():
                shutil.copy(var_dir / "server.prof", keep)
                print(f"[{kind}] server profile: {keep}", file=sys.stderr)
        shutil.rmtree(var_dir, ignore_errors=True)


def _idle_memory(
    info: dict, cookies: list[str], port: int, pid: int, args: argparse.Namespace
) -> dict[str, Any]:
    """Part B: the server's RSS warm, then holding `args.idle` idle sockets."""
    warm = Clients(info, [(port, c) for c in cookies[:SENDERS]], 0)
    warm.sender.send(("warm", 10))
    _kind, errors = warm.sender.recv()
    assert not errors, errors
    warm.close()
    time.sleep(2)
    baseline = _servers.rss_mb(pid)
    specs = [(port, cookies[i % len(cookies)]) for i in range(args.idle)]
    began = time.perf_counter()
    idle = Clients(info, specs, CLIENT_PROCESSES)
    took = time.perf_counter() - began
    time.sleep(5)
    holding = _servers.rss_mb(pid)
    print(f"[embedded] {idle.connected} idle sockets ({idle.failed} failed) in {took:.0f} s: "
          f"RSS {baseline:.0f} -> {holding:.0f} MB", file=sys.stderr)  # fmt: skip
    idle.close()
    time.sleep(2)
    return {
        "idle": idle.connected,
        "idle_failed": idle.failed,
        "idle_connect_s": took,
        "rss_warm": baseline,
        "rss_idle": holding,
        "rss_after_close": _servers.rss_mb(pid),
    }


def _room_load(
    info: dict, specs: list[tuple[int, str]], pids: list[int], args: argparse.Namespace
) -> dict[str, Any]:
    """Part A: every socket in the room, the sender at `args.rate` for `args.seconds`."""
    clients = Clients(info, specs, CLIENT_PROCESSES)
    try:
        print(f"connected {clients.connected} sockets ({clients.failed} failed) in "
              f"{clients.connect_seconds:.0f} s", file=sys.stderr)  # fmt: skip
        clients.sender.send(("warm", 5))
        _kind, errors = clients.sender.recv()
        assert not errors, errors
        time.sleep(1)
        clients.all("clear")
        server_pids = [p for pid in pids for p in _servers.descendants(pid)]
        cpu_before = _servers.cpu_seconds(server_pids)
        client_cpu = clients.cpu_seconds()
        rss_before = {pid: _servers.rss_mb(pid) for pid in pids}
        began = time.perf_counter()
        clients.sender.send(("send", (args.rate, args.seconds)))
        _kind, sent_at = clients.sender.recv()
        time.sleep(args.grace)
        wall = time.perf_counter() - began
        cpu_after = _servers.cpu_seconds(server_pids)
        client_cpu = clients.cpu_seconds() - client_cpu
        results = clients.all("results")
    finally:
        clients.close()
    receiving = sum(r[3] for r in results)
    _kind, _idx, _at, _count, acks, errors = results[0]
    published: set[int] = set()
    ack_ms: list[float] = []
    for key, (t, _seq, status) in acks.items():
        if key.startswith("load-"):
            if status == "published":
                published.add(int(key[5:]))
            ack_ms.append((t - sent_at[int(key[5:])]) * 1000)
    latencies: list[float] = []
    for _kind, idx_bytes, at_bytes, _count, _acks, _errs in results:
        idx, at = array("i"), array("d")
        idx.frombytes(idx_bytes)
        at.frombytes(at_bytes)
        latencies.extend(
            (t - sent_at[i]) * 1000 for i, t in zip(idx, at, strict=True) if i in published
        )
    expected = len(published) * receiving
    server_cpu = sum(cpu_after[p] - cpu_before.get(p, 0) for p in cpu_after)
    return {
        "sockets": receiving,
        "connect_s": clients.connect_seconds,
        "sent": len(sent_at),
        "published": len(published),
        "send_errors": len(errors),
        "error_example": errors[:2],
        "deliveries": len(latencies),
        "lost": expected - len(latencies),
        "per_s": len(latencies) / args.seconds,
        "p50": _servers.pct(latencies, 50) if latencies else float("nan"),
        "p99": _servers.pct(latencies, 99) if latencies else float("nan"),
        "max": max(latencies, default=float("nan")),
        "ack_p50": _servers.pct(ack_ms, 50) if ack_ms else float("nan"),
        "ack_p99": _servers.pct(ack_ms, 99) if ack_ms else float("nan"),
        "server_cpu": server_cpu / wall,
        "client_cpu": client_cpu / wall,
        "rss": {pid: (rss_before[pid], _servers.rss_mb(pid)) for pid in pids if _alive(pid)},
    }


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def __getattr__(name: str) -> object:
    """`bench.chat_room:profiled_application`: hearth.asgi's application under cProfile.

    The profile covers the event loop thread (frames, fan-out, sockets), not the thread that
    runs database work; it is written when uvicorn shuts down.
    """
    if name != "profiled_application":
        raise AttributeError(name)
    import atexit
    import cProfile

    from hearth.asgi import application

    profiler = cProfile.Profile()
    profiler.enable()
    atexit.register(lambda: profiler.dump_stats(os.environ["BENCH_PROFILE"]))
    return application


# --- Report -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--grace", type=float, default=5, help="wait for late frames")
    parser.add_argument("--idle", type=int, default=5000, help="Part B sockets (0: skip)")
    parser.add_argument("--only", choices=["embedded", "postgres"], help="run one row")
    parser.add_argument("--profile", action="store_true", help="cProfile the first server")
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup_data(args.setup)))
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.idle + args.clients + 1000
    if soft < need:  # servers and client processes inherit it
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(need, soft)), hard))
    kinds = [k for k in ("embedded", "postgres + redis") if not args.only or
             k.startswith(args.only)]  # fmt: skip
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    rows = [run_row(kind, args) for kind in kinds]
    print(
        f"\nChat room: {args.clients} sockets, {args.rate:.0f} msg/s for {args.seconds:.0f} s "
        f"({SENDERS} senders, round-robin), {os.cpu_count()} cores, load average "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after, "
        f"{time.perf_counter() - began:.0f} s in all\n"
    )
    print("| setup | server processes | sockets | connect s | sent | published | deliveries "
          "| lost | deliveries/s | p50 ms | p99 ms | max ms | ack p50 ms | ack p99 ms "
          "| server CPU | client CPU |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['kind']} | {r['processes']} | {r['sockets']} | {r['connect_s']:.0f} | "
            f"{r['sent']} | {r['published']} | {r['deliveries']} | {r['lost']} | "
            f"{r['per_s']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.0f} | "
            f"{r['ack_p50']:.1f} | {r['ack_p99']:.1f} | {r['server_cpu']:.2f} | "
            f"{r['client_cpu']:.2f} |"
        )
    for r in rows:
        if r["send_errors"]:
            print(f"\n{r['kind']}: {r['send_errors']} refused sends, e.g. {r['error_example']}")
        rss = ", ".join(f"{a:.0f} -> {b:.0f} MB" for a, b in r["rss"].values())
        print(f"{r['kind']}: server RSS before -> after the load: {rss}")
    for r in rows:
        if "rss_idle" in r:
            grew = r["rss_idle"] - r["rss_warm"]
            print(
                f"\nIdle sockets (embedded, one process): {r['idle']} held ({r['idle_failed']} "
                f"failed, {r['idle_connect_s']:.0f} s to connect); RSS warm {r['rss_warm']:.0f} "
                f"MB, holding them {r['rss_idle']:.0f} MB (+{grew:.0f} MB, "
                f"{grew * 1024 / max(1, r['idle']):.0f} KB each); after they closed "
                f"{r['rss_after_close']:.0f} MB. Budget +{BUDGET_IDLE_MB:.0f} MB."
            )
    print(
        f"\nCPU columns: CPU seconds per wall second over the load (2 = both cores). Budget: "
        f"p99 <= {BUDGET_P99_MS:.0f} ms."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

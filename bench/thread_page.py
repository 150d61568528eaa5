"""Load-test the forum thread page under the production server, on 127.0.0.1 only.

Run: .venv/bin/python bench/thread_page.py            (a PostgreSQL row; about 60 s)
     .venv/bin/python bench/thread_page.py --sqlite   (and a SQLite row; about 2.5 min)
     .venv/bin/python bench/thread_page.py --profile  (also cProfile the page in-process)
     .venv/bin/python bench/thread_page.py --rate 75  (open loop: 75 requests/s offered)
     .venv/bin/python bench/thread_page.py --wrk      (Debian's wrk as the load instead)
Needs PostgreSQL (user postgres, trust) and Redis on 127.0.0.1: ./scripts/ensure-services.sh.

For each row it makes a throwaway database (PostgreSQL: database and role `hearth_bench_<pid>`,
the role limited to 40 connections, both dropped afterwards; SQLite: a file in a temporary
HEARTH_VAR_DIR), migrates it, and creates an organisation, a group of six members and a thread
with 50 replies through the real forum actions (the group publishes at once and reviews
afterwards). Then it starts uvicorn with `--workers 2`, HEARTH_DEBUG off and Redis db 9 (flushed
afterwards), signs a member in through the real sign-in form, and drives 16 keep-alive clients
GETting the thread page for 30 s (after a 3 s warm-up). Clients connect 50 ms apart and the
30 s start once all are connected (see `_servers.drive`).

The role's ceiling of 40 connections keeps a connection leak from taking the shared server's
slots (it turns one into 500s, counted in the errors column).

Reported: p50/p99 latency and requests/s (200 answers only), the page's own weight (the HTML
plus the /static CSS and JS it references, uncompressed), the CPU time the uvicorn processes
spent per answer (utime + stime from /proc, before and after) and that of the bench database's
PostgreSQL backends (sampled each 0.5 s: a lower bound). Budgets: p50 <= 15 ms, p99 <= 60 ms at
16 clients; <= 60 KB; <= 3 ms of CPU per page. The load generator runs on the same machine (one
process, asyncio; or with --wrk, wrk's one thread, which connects all at once), so it shares
the cores. Then the same clients load /healthz for 10 s: the floor of this server stack
(middleware, one query, one cache round trip) on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._servers import (  # noqa: E402
    HOST,
    PG,
    ROOT,
    VENV_BIN,
    Load,
    WrkLoad,
    cpu_seconds,
    descendants,
    drive,
    free_port,
    pct,
    rss_mb,
    wrk_load,
)
from bench._servers import env as server_env  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/9"
PASSPHRASE = "copper kettles hum beside the garden wall"
MEMBERS = ["alice", "bob", "cora", "dev", "eli", "faye"]
REPLIES = 50
PG_LIMIT = 40
BUDGET = {"p50": 15.0, "p99": 60.0, "kb": 60.0, "cpu": 3.0}

SENTENCES = [
    "I went for a long walk this morning and the cold air helped clear my head.",
    "Some days are easier than others, and today was one of the easier ones.",
    "Thank you for writing this: I recognised so much of my own week in it.",
    "My sister came round for tea and we talked about *ordinary* things for a change.",
    "I have started writing three small things down each evening, which helps me sleep.",
    "It took me a long time to believe that it was not my fault.",
    "The group on Tuesday made me feel less alone than I have in months.",
    "I keep a list of places that feel calm: the library, the park bench, the bakery.",
    "Sending you warmth. You do not have to have it all worked out today.",
    "I found the breathing exercise from the resources page really **useful**.",
    "Cooking a proper meal felt like a big step, and I am proud of it.",
    "When the worry comes back, I try to name five things I can see around me.",
]


# --- Setup (runs in a child process, so each database gets its own Django) -------------------


def _reply_text(i: int) -> str:
    picked = [SENTENCES[(i * 5 + j) % len(SENTENCES)] for j in range(3 + i % 4)]
    if i % 7 == 3:
        return picked[0] + "\n\nWhat helps me:\n\n" + "\n".join(f"- {s}" for s in picked[1:])
    return " ".join(picked)


def setup_data(profile: bool) -> dict[str, str]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    from hearth.accounts.actions import do_create_user
    from hearth.accounts.models import Organisation, User
    from hearth.forum import actions, actions_extras
    from hearth.forum.actions import Draft
    from hearth.groups import actions as group_actions
    from hearth.groups.access import access_group
    from hearth.groups.models import Group, Membership
    from hearth.groups.texts import NOTICE_VERSION

    organisation = Organisation.objects.create(name="Bench Programme")
    fran = do_create_user(organisation, "fran", PASSPHRASE, role=User.Role.FACILITATOR)
    group = group_actions.check_create_group(
        fran,
        group_actions.GroupSettings(
            name="Evening circle",
            discreet_name="Book club",
            purpose="Peer support after a hard year.",
            moderation=Group.Moderation.POST,  # publish at once, review afterwards
            capacity=20,
        ),
        facilitate=True,
    )
    version = group.agreements.get().version
    people = {}
    for name in MEMBERS:
        user = do_create_user(organisation, name, PASSPHRASE)
        membership = group_actions.do_add_membership(
            group,
            user,
            role=Membership.Role.MEMBER,
            display_name=name.title(),
            consent_version=NOTICE_VERSION,
        )
        group_actions.do_accept_agreement(membership, version)
        people[name] = user
    found = {name: access_group(user, group.id) for name, user in people.items()}
    opening = actions.check_start_thread(
        found["bob"],
        "Small things that helped this week",
        Draft(body=" ".join(SENTENCES[:6]), content_notes=["grief"], confirm="send"),
    )
    assert not opening.held, "the opening post was held"
    thread = opening.post.thread
    posts = [opening.post]
    for i in range(REPLIES):
        author = MEMBERS[i % len(MEMBERS)]
        quote = posts[-3] if i % 9 == 4 else None
        notes = ["medical"] if i % 11 == 5 else []
        posted = actions.check_post_reply(
            found[author],
            thread,
            Draft(body=_reply_text(i), content_notes=notes, confirm="send"),
            quote_of=quote,
        )
        assert not posted.held, f"reply {i} was held"
        posts.append(posted.post)
    kinds = ["strength", "me_too", "thank_you", "heard"]
    for i, post in enumerate(posts[::2]):
        for j, name in enumerate(MEMBERS[: 1 + i % 4]):
            actions_extras.check_toggle_reaction(found[name], post, kinds[(i + j) % 4])
    info = {"group": str(group.id), "thread": str(thread.id), "pseudonym": "alice"}
    if profile:
        _profile(f"/groups/{group.id}/forum/{thread.id}/")
    return info


def _profile(path: str) -> None:
    """Time the page in-process (no ASGI, no network) and show where its CPU time goes."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    signed = client.post("/account/sign-in/", {"pseudonym": "alice", "passphrase": PASSPHRASE})
    assert signed.status_code == 302, signed.status_code
    for _ in range(5):
        assert client.get(path).status_code == 200
    queries = []
    with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
        client.get(path)
    rounds = 50
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        client.get(path)
    wall = (time.perf_counter() - wall) / rounds * 1000
    cpu = (time.process_time() - cpu) / rounds * 1000
    print(
        f"in-process (django.test.Client, one thread): {wall:.1f} ms wall, {cpu:.1f} ms CPU "
        f"per page, {len(queries)} queries",
        file=sys.stderr,
    )
    html = client.get(path).content.decode()
    reactions = re.findall(r'<div class="reactions".*?</div>', html, flags=re.S)
    print(
        f"HTML {len(html.encode()) / 1024:.1f} KB: {html.count('<form')} forms, "
        f"{html.count('csrfmiddlewaretoken')} CSRF fields, reaction blocks "
        f"{sum(len(r.encode()) for r in reactions) / 1024:.1f} KB, <svg> "
        f"{sum(len(x.encode()) for x in re.findall(r'<svg.*?</svg>', html, flags=re.S)) / 1024:.1f} KB",
        file=sys.stderr,
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)


# --- The server and the load ------------------------------------------------------------------


def _postgres_backends(database: str) -> list[int]:
    out = subprocess.run(
        [
            "psql",
            *PG,
            "-d",
            "postgres",
            "-Atc",
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(x) for x in out.split()]


class _Backends(threading.Thread):
    """Samples the bench database's PostgreSQL backends each 0.5 s: count and CPU time.

    A backend's CPU is counted from its first sample (or from 0 if it started during the run)
    to its last, so a backend living less than one interval is missed: a lower bound.
    """

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.seen: set[int] = set()
        self.most = 0
        self._done = threading.Event()
        self._initial = set(_postgres_backends(database))

    def run(self) -> None:
        while not self._done.is_set():
            try:
                pids = _postgres_backends(self.database)
            except subprocess.CalledProcessError:
                pids = []  # the server refused psql too: every slot is taken
            self.most = max(self.most, len(pids))
            for pid, cpu in cpu_seconds(pids).items():
                if pid not in self.first:
                    self.first[pid] = cpu if pid in self._initial else 0.0
                self.last[pid] = cpu
                self.seen.add(pid)
            self._done.wait(0.5)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def cpu_seconds(self) -> float:
        return sum(self.last[p] - self.first[p] for p in self.last)


def _sign_in(base: str) -> str:
    """Sign alice in through the real form; return the Cookie header the browser would send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/account/sign-in/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "pseudonym": "alice", "passphrase": PASSPHRASE}
    ).encode()
    opener.open(f"{base}/account/sign-in/", data=form, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    assert "hearth" in cookies, f"sign-in gave no session cookie: {sorted(cookies)}"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _fetch(url: str, cookie: str) -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def _page_weight(base: str, path: str, cookie: str) -> tuple[int, int, int, int]:
    """Return (HTML bytes, CSS bytes, JS bytes, number of posts) for the page, uncompressed."""
    html = _fetch(base + path, cookie)
    text = html.decode()
    css = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="(/static/[^"]+)"', text)
    css += re.findall(r'<link[^>]*href="(/static/[^"]+\.css)"[^>]*rel="stylesheet"', text)
    js = re.findall(r'<script[^>]*src="(/static/[^"]+)"', text)
    css_bytes = sum(len(_fetch(base + href, cookie)) for href in dict.fromkeys(css))
    js_bytes = sum(len(_fetch(base + src, cookie)) for src in dict.fromkeys(js))
    return len(html), css_bytes, js_bytes, text.count('<article class="post')


def _figures(load: Load | WrkLoad) -> dict[str, Any]:
    """The figures of either load generator: 200 answers `n` over `seconds`, every answer
    (`answered`, what the CPU readings cover), `wall`, p50/p99 ms and the failed answers."""
    if isinstance(load, WrkLoad):  # wrk's percentiles cover every answer, errors included
        return {
            "n": load.answered - load.errors,
            "seconds": load.seconds,
            "answered": load.answered,
            "wall": load.seconds,
            "p50": load.p50,
            "p99": load.p99,
            "failed": {"non-2xx or socket": load.errors} if load.errors else {},
        }
    return {
        "n": len(load.latencies),
        "seconds": load.seconds,
        "answered": load.answered,  # the ramp included
        "wall": load.wall,
        "p50": pct(load.latencies, 50),
        "p99": pct(load.latencies, 99),
        "failed": {s: c for s, c in load.statuses.items() if s != 200},
    }


def run_one(kind: str, args: argparse.Namespace, profile: bool) -> dict[str, object]:
    var_dir = Path(tempfile.mkdtemp(prefix=f"hearth-bench-{kind}-"))
    database = f"hearth_bench_{os.getpid()}"
    url = f"postgres://{database}@{HOST}:5432/{database}" if kind.startswith("postgres") else None
    env = server_env(var_dir, url, REDIS_URL)
    if args.pool is not None:
        env["HEARTH_DB_POOL_SIZE"] = str(args.pool)
    server = None
    try:
        if kind.startswith("postgres"):
            # The server connects as its own non-superuser role with a connection ceiling, so a
            # connection leak cannot take the shared server's slots from anyone else.
            subprocess.run(
                ["psql", *PG, "-d", "postgres", "-qc",
                 f"CREATE ROLE {database} LOGIN CONNECTION LIMIT {PG_LIMIT}"],
                check=True,
            )  # fmt: skip
            subprocess.run(["createdb", *PG, "-O", database, database], check=True)
        started = time.perf_counter()
        setup = subprocess.run(
            [sys.executable, __file__, "--setup", *(["--profile"] if profile else [])],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        info = json.loads(setup.stdout.strip().splitlines()[-1])
        print(f"[{kind}] data ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        port = free_port()
        log = (var_dir / "uvicorn.log").open("wb")
        server = subprocess.Popen(
            [str(VENV_BIN / "uvicorn"), args.app, "--host", HOST,
             "--port", str(port), "--workers", "2", "--no-access-log", "--no-server-header",
             "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio",
             "--app-dir", str(ROOT)],
            cwd=ROOT, env=env | {"PYTHONPATH": os.environ.get("PYTHONPATH", "")},
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://{HOST}:{port}"
        deadline, answer = time.monotonic() + 60, "nothing"
        while True:
            if server.poll() is not None:
                raise RuntimeError((var_dir / "uvicorn.log").read_text())
            try:
                _fetch(f"{base}/healthz", "")
                break
            except OSError as error:
                answer = str(error)
                time.sleep(0.2)
            if time.monotonic() > deadline:
                log_tail = (var_dir / "uvicorn.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"no healthy /healthz in 60 s ({answer}):\n{log_tail}")
        cookie = _sign_in(base)
        path = f"/groups/{info['group']}/forum/{info['thread']}/"
        html, css, js, posts = _page_weight(base, path, cookie)
        assert posts == REPLIES + 1, f"the page shows {posts} posts, not {REPLIES + 1}"
        loop = asyncio.new_event_loop()
        # Warm-up: every worker imports, connects, fills caches; the model is loaded lazily.
        loop.run_until_complete(drive(port, path, cookie, args.clients, 3))
        pids = descendants(server.pid)
        sampler = _Backends(database) if kind.startswith("postgres") else None
        before = cpu_seconds(pids)
        if sampler is not None:
            sampler.start()
        if args.wrk:
            load = wrk_load(port, path, cookie, args.clients, args.seconds)
        else:
            load = loop.run_until_complete(
                drive(port, path, cookie, args.clients, args.seconds, rate=args.rate)
            )
        after = cpu_seconds(pids)
        if sampler is not None:
            sampler.stop()
        # The floor: the same clients on /healthz (one SELECT 1 and a cache round trip through
        # the whole middleware stack), to show what this server costs before any page work.
        floor_before = cpu_seconds(pids)
        floor = (
            wrk_load(port, "/healthz", cookie, args.clients, 10)
            if args.wrk
            else loop.run_until_complete(drive(port, "/healthz", cookie, args.clients, 10))
        )
        floor_after = cpu_seconds(pids)
        loop.close()
        # Resident memory of each process serving requests (the workers, not their parent).
        workers = [p for p in descendants(server.pid) if p != server.pid]
        rss = sorted(round(rss_mb(p)) for p in workers)
        cpu = sum(after[p] - before[p] for p in after if p in before)
        figures = _figures(load)
        if figures["failed"]:
            log_text = (var_dir / "uvicorn.log").read_text(errors="replace")
            print(f"[{kind}] non-200 answers {figures['failed']}; server log tail:\n"
                  f"{log_text[-2000:]}", file=sys.stderr)  # fmt: skip
        floor_figures = _figures(floor)
        return {
            "db": kind,
            "n": figures["n"],
            "errors": sum(figures["failed"].values()),
            "rps": figures["n"] / figures["seconds"],
            "p50": figures["p50"],
            "p99": figures["p99"],
            "html": html,
            "css": css,
            "js": js,
            "cpu_ms": cpu / figures["answered"] * 1000,  # per answer, errors included
            "pg_cpu_ms": sampler.cpu_seconds() / figures["answered"] * 1000 if sampler else None,
            "pg_backends": (sampler.most, len(sampler.seen)) if sampler else None,
            "processes": len(pids),
            # Each process's share of the CPU (cores): shows whether the load reached both workers.
            "cores": [
                round((after[p] - before[p]) / figures["wall"], 2) for p in after if p in before
            ],
            "rss": rss,
            "floor_rps": floor_figures["n"] / floor_figures["seconds"],
            "floor_p50": floor_figures["p50"],
            "floor_p99": floor_figures["p99"],
            "floor_cpu_ms": sum(
                floor_after[p] - floor_before[p] for p in floor_after if p in floor_before
            )
            / max(1, floor_figures["answered"])
            * 1000,
        }
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if kind.startswith("postgres"):
            subprocess.run(
                ["psql", *PG, "-d", "postgres", "-qc",
                 f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"],
                check=False,
            )  # fmt: skip
            subprocess.run(
                ["psql", *PG, "-d", "postgres", "-qc", f"DROP ROLE IF EXISTS {database}"],
                check=False,
            )
        subprocess.run(["redis-cli", "-n", "9", "flushdb"], capture_output=True, check=False)
        shutil.rmtree(var_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="cProfile the page in-process")
    parser.add_argument("--sqlite", action="store_true", help="also run against SQLite")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--rate", type=float, default=None, help="requests/s offered (default: a closed loop)"
    )
    parser.add_argument(
        "--wrk", action="store_true", help="load with Debian's wrk instead of asyncio clients"
    )
    parser.add_argument("--app", default="hearth.asgi:application", help="the ASGI application")
    parser.add_argument("--pool", type=int, default=None, help="HEARTH_DB_POOL_SIZE per worker")
    args = parser.parse_args()
    if args.setup:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(setup_data(args.profile)))
        return 0
    kinds = ["postgres"] + (["sqlite"] if args.sqlite else [])
    load_before = os.getloadavg()[0]
    results = [run_one(kind, args, args.profile and i == 0) for i, kind in enumerate(kinds)]
    load_after = os.getloadavg()[0]
    print(
        f"\nThread page, {REPLIES} replies, {args.clients} clients for {args.seconds:.0f} s "
        f"({f'{args.rate:.0f} requests/s offered' if args.rate else 'closed loop'}), "
        f"uvicorn --workers 2, {os.cpu_count()} cores, load average {load_before:.1f} before "
        f"and {load_after:.1f} after; latency and req/s count 200 answers only\n"
    )
    print("| database | requests | errors | req/s | p50 ms | p99 ms | HTML KB | CSS KB | JS KB "
          "| page KB | CPU ms/page (uvicorn) | CPU ms/page (PostgreSQL) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        total = (r["html"] + r["css"] + r["js"]) / 1024  # type: ignore[operator]
        pg = "—" if r["pg_cpu_ms"] is None else f"{r['pg_cpu_ms']:.2f}"
        print(
            f"| {r['db']} | {r['n']} | {r['errors']} | {r['rps']:.0f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {r['html'] / 1024:.1f} | {r['css'] / 1024:.1f} | "  # type: ignore[operator]
            f"{r['js'] / 1024:.1f} | {total:.1f} | {r['cpu_ms']:.2f} | {pg} |"
        )
    print(
        "\nThe floor, /healthz with the same clients for 10 s (the server's cost before any page):"
    )
    print(
        "| database | req/s | p50 ms | p99 ms | CPU ms/request (uvicorn) |\n|---|---|---|---|---|"
    )
    for r in results:
        print(
            f"| {r['db']} | {r['floor_rps']:.0f} | {r['floor_p50']:.1f} | {r['floor_p99']:.1f} | "
            f"{r['floor_cpu_ms']:.2f} |"
        )
    for r in results:
        print(f"\n{r['db']}: cores used by the server's processes during the load: {r['cores']}")
        print(f"{r['db']}: workers' resident memory after the load (MB): {r['rss']}")
    for r in results:
        if r["pg_backends"]:
            most, seen = r["pg_backends"]  # type: ignore[misc]
            print(f"\n{r['db']}: at most {most} PostgreSQL backends at once, {seen} seen in all.")
    print(
        f"\nBudgets: p50 <= {BUDGET['p50']:.0f} ms, p99 <= {BUDGET['p99']:.0f} ms, "
        f"page <= {BUDGET['kb']:.0f} KB, CPU <= {BUDGET['cpu']:.0f} ms per page."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

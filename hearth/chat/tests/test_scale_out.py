"""Two real server processes share a room through PostgreSQL and Redis.

Runs only on the PostgreSQL + Redis suite (`make test-postgres`); the SQLite run deselects it
with `-m "not scale_out"`. It starts a private redis-server on a free port (so restarting it
cannot disturb the shared Redis that parallel tests use) and two uvicorn processes on the
pytest-django test database, then drives them with the `websockets` client library:

- a message sent through server A reaches a member connected to server B;
- removing a member from the group closes their socket on B (4404);
- SIGKILL of A loses no acknowledged message: the member reconnects to B, resumes from her last
  seq and gets exactly what she missed; resending an unacknowledged client_msg_id gives the
  original ack (duplicate) and no second message;
- a Redis restart is survived: the sockets stay open, live delivery across processes comes
  back within about a second, and a message published while the subscriber was reconnecting
  (pub/sub keeps nothing) is recovered by resuming from the last contiguous seq.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from hearth.chat.models import ChatMessage
from hearth.groups import actions as group_actions
from hearth.groups.models import Membership
from hearth.lib.testing.cast import sign_in

websockets_client = pytest.importorskip("websockets.asyncio.client")

pytestmark = [
    pytest.mark.scale_out,
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
]

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[3]
UVICORN = Path(sys.executable).parent / "uvicorn"
TIMEOUT = 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Redis:
    """A private redis-server (no persistence) that the test may stop and start at will."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (./scripts/ensure-services.sh)"
        self.process = subprocess.Popen(
            [binary, "--bind", HOST, "--port", str(self.port), "--save", "", "--appendonly",
             "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        self.process = None


class Server:
    """One uvicorn process serving hearth.asgi on its own port."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.env = env
        self.port = _free_port()
        self.log = log_dir / f"server-{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(UVICORN), "hearth.asgi:application", "--host", HOST, "--port",
                 str(self.port), "--no-access-log", "--ws", "websockets-sansio"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server {self.name} not healthy in 90 s:\n{self.tail()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


@pytest.fixture
def redis_server(tmp_path):
    # Without PostgreSQL and Redis the test is deselected (see the root conftest.py), not skipped.
    redis = Redis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def servers(transactional_db, redis_server, settings, tmp_path):
    """Servers A and B on the test database and the private Redis; this process's channel
    layer uses that Redis too, so actions taken here reach sockets on either server."""
    # The same layer settings as the servers (frames are encrypted), on the private Redis.
    layer = settings.CHANNEL_LAYERS["default"]
    settings.CHANNEL_LAYERS = {
        "default": {**layer, "CONFIG": {**layer["CONFIG"], "hosts": [redis_server.url]}}
    }
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    database_url = f"postgres://{auth}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        HEARTH_DATABASE_URL=database_url,
        HEARTH_REDIS_URL=redis_server.url,
        HEARTH_ALLOWED_HOSTS=HOST,
        HEARTH_DEBUG="false",
        HEARTH_LOG_LEVEL="WARNING",
        HEARTH_TASKS_IMMEDIATE="true",
        DJANGO_SETTINGS_MODULE="hearth.settings",
        PYTHONUNBUFFERED="1",
        OMP_NUM_THREADS="1",
    )
    pair = {name: Server(name, env, tmp_path) for name in ("A", "B")}
    try:
        for server in pair.values():
            server.start()
        for server in pair.values():
            server.wait_healthy()
        yield pair
    finally:
        for server in pair.values():
            server.kill(signal.SIGTERM)
        _wait_for_backends_to_go(db["NAME"])


def _wait_for_backends_to_go(name: str) -> None:
    """Let the servers' PostgreSQL backends exit, so the test database can be dropped."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, client_port, state, backend_start, query FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            others = cursor.fetchall()
        if not others or time.monotonic() > deadline:
            return
        time.sleep(0.1)


def _cookie(user) -> str:
    client = Client()
    sign_in(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Member:
    """One person's browser tab: a socket to one server, and what it has shown."""

    def __init__(self, name: str, cookie: str, session_id: str) -> None:
        self.name = name
        self.cookie = cookie
        self.session_id = session_id
        self.socket = None
        self.shown: dict[int, dict] = {}
        self.hello: dict = {}

    async def connect(self, server: Server) -> None:
        self.socket = await websockets_client.connect(
            f"ws://{HOST}:{server.port}/ws/chat/{self.session_id}/",
            origin=f"http://{HOST}:{server.port}",
            additional_headers={"Cookie": self.cookie},
            open_timeout=TIMEOUT,
        )
        self.hello = await self.next_frame()
        assert self.hello["type"] == "hello", self.hello

    async def next_frame(self) -> dict:
        frame = json.loads(await asyncio.wait_for(self.socket.recv(), TIMEOUT))
        if frame["type"] == "message":
            assert frame["seq"] not in self.shown, f"{self.name} got seq {frame['seq']} twice"
            self.shown[frame["seq"]] = frame
        return frame

    async def until(self, kind: str, **match) -> tuple[dict, list[dict]]:
        """Read frames until one of `kind` (with fields equal to `match`); return it and all."""
        seen = []
        while True:
            frame = await self.next_frame()
            seen.append(frame)
            if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
                return frame, seen

    async def send(self, client_msg_id: str, text: str) -> None:
        await self.socket.send(
            json.dumps({"type": "send", "client_msg_id": client_msg_id, "text": text})
        )

    async def say(self, client_msg_id: str, text: str) -> dict:
        await self.send(client_msg_id, text)
        ack, _ = await self.until("ack", client_msg_id=client_msg_id)
        return ack

    @property
    def last_seq(self) -> int:
        return max(self.shown, default=0)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def _closed_with(member: Member) -> int | None:
    """Read until the server closes the socket; return the close code."""
    from websockets.exceptions import ConnectionClosed

    try:
        while True:
            await member.next_frame()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


async def test_two_processes_share_a_room_and_survive_a_crash_and_a_redis_restart(
    cast, session, servers, redis_server
):
    try:
        await _scenario(cast, session, servers, redis_server)
    finally:
        # The worker thread's connection would keep the test database from being dropped.
        await sync_to_async(connections.close_all)()


async def _scenario(cast, session, servers, redis_server) -> None:
    a, b = servers["A"], servers["B"]
    session_id = str(session.id)
    alice = Member("alice", await sync_to_async(_cookie)(cast.alice), session_id)
    bob = Member("bob", await sync_to_async(_cookie)(cast.bob), session_id)
    await alice.connect(a)
    await bob.connect(b)

    # A message sent through A reaches bob on B.
    ack = await alice.say("c1", "Hello from server A")
    assert ack == {
        "type": "ack",
        "client_msg_id": "c1",
        "seq": 1,
        "status": "published",
        "duplicate": False,
    }
    message, _ = await bob.until("message", seq=1)
    assert message["text"] == "Hello from server A" and message["author"] == "alice"
    assert (await alice.say("c2", "Second, acknowledged"))["seq"] == 2
    await bob.until("message", seq=2)
    # Her own echo (she has shown 1 and 2): it may arrive before or after the ack.
    if 2 not in alice.shown:
        await alice.until("message", seq=2)

    # c3 is stored (bob sees it on B) but alice never reads its ack before A dies.
    await alice.send("c3", "Sent just before the crash")
    await bob.until("message", seq=3)
    a.kill(signal.SIGKILL)
    # While A is down bob writes through B: alice misses these.
    assert (await bob.say("b1", "Are you still there?"))["seq"] == 4
    assert (await bob.say("b2", "I'll wait."))["seq"] == 5

    # Alice's tab reconnects to B and resumes from the last seq it showed.
    resumed_from = alice.last_seq
    assert resumed_from == 2
    await alice.connect(b)
    assert alice.hello["last_seq"] == 5
    await alice.socket.send(json.dumps({"type": "resume", "last_seq": resumed_from}))
    end, frames = await alice.until("resumed")
    assert [f["seq"] for f in frames if f["type"] == "message"] == [3, 4, 5]
    assert end == {"type": "resumed", "last_seq": 5, "more": False}
    # The unacknowledged frame is sent again: the original ack, and no second message.
    await alice.send("c3", "Sent just before the crash")
    ack, _ = await alice.until("ack", client_msg_id="c3")
    assert ack == {
        "type": "ack",
        "client_msg_id": "c3",
        "seq": 3,
        "status": "published",
        "duplicate": True,
    }
    seqs = await sync_to_async(
        lambda: sorted(ChatMessage.objects.filter(session=session).values_list("seq", flat=True))
    )()
    assert seqs == [1, 2, 3, 4, 5]

    # A comes back (a new process on the same port); alice moves back to it.
    await alice.close()
    a.start()
    await sync_to_async(a.wait_healthy)()
    await alice.connect(a)
    await alice.socket.send(json.dumps({"type": "resume", "last_seq": 5}))
    await alice.until("resumed", last_seq=5)

    # Bob has every message live so far (his own come back to him too).
    if 5 not in bob.shown:
        await bob.until("message", seq=5)
    assert sorted(bob.shown) == [1, 2, 3, 4, 5]

    # A Redis restart: pub/sub subscriptions are re-made and live delivery resumes.
    redis_server.stop()
    redis_server.start()
    sent = await _deliver_after_restart(alice, bob)
    assert sorted(bob.shown) == list(range(1, sent[-1] + 1))

    # Removing bob from the group closes his socket on B with 4404.
    bob_member = await sync_to_async(Membership.objects.get)(group=cast.circle, user=cast.bob)
    await sync_to_async(group_actions.check_remove_member)(
        cast.fran, cast.circle, bob_member, erase=False, reason="rule 4"
    )
    assert await asyncio.wait_for(_closed_with(bob), TIMEOUT) == 4404
    await alice.close()


async def _deliver_after_restart(alice: Member, bob: Member) -> list[int]:
    """Send through A until bob on B receives a message live again, then let bob fill the gap.

    Redis pub/sub keeps nothing for a subscriber that is reconnecting (channels_redis retries
    about once a second), so a message published in that window is stored and acknowledged
    but not delivered live. A client that sees a gap in seq resumes from its last contiguous
    seq and gets it; return the seqs sent after the restart.
    """
    contiguous = bob.last_seq
    sent: list[int] = []
    deadline = time.monotonic() + 20
    while True:
        msg_id = f"after-restart-{len(sent) + 1}"
        ack = await alice.say(msg_id, f"Message {len(sent) + 1} after the Redis restart")
        assert ack["status"] == "published" and not ack["duplicate"]
        sent.append(ack["seq"])
        try:
            await asyncio.wait_for(bob.until("message", seq=ack["seq"]), 3)
            break
        except TimeoutError:
            assert time.monotonic() < deadline, "no live delivery 20 s after a Redis restart"
    live = {seq for seq in sent if seq in bob.shown}
    await bob.socket.send(json.dumps({"type": "resume", "last_seq": contiguous}))
    replayed = []
    while True:
        frame = json.loads(await asyncio.wait_for(bob.socket.recv(), TIMEOUT))
        if frame["type"] == "message":
            replayed.append(frame["seq"])
            bob.shown.setdefault(frame["seq"], frame)
        elif frame["type"] == "resumed":
            break
    assert replayed == sent, (replayed, sent, live)
    return sent

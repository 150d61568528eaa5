"""Browser journeys against real servers: Hearth under uvicorn, plus a tiny neutral exit site.

One Hearth server (fresh var dir, migrated, static collected, demo cast seeded) serves the whole
session; every test gets its own browser context, so cookies never leak between journeys. Every
request a context makes is recorded, and a test fails if any went to another origin than
Hearth (the neutral exit site is allowed only once a test says it is about to quick-exit).
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    StorageState,
    expect,
    sync_playwright,
)
from support import DESKTOP, TRACK_SOCKETS, Traffic, expect_home, staff_sign_in

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LOCALE_DIR = ROOT / "hearth" / "locale" / "es" / "LC_MESSAGES"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=10_000)


@dataclass(frozen=True)
class Servers:
    url: str  # http://127.0.0.1:<port>
    localhost_url: str  # http://localhost:<port> (a secure context, for WebAuthn)
    neutral_url: str  # the quick-exit destination
    var_dir: Path
    log: Path

    @property
    def hearth_origins(self) -> set[str]:
        return {self.url, self.localhost_url}

    @property
    def neutral_origin(self) -> str:
        return self.neutral_url.rstrip("/")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


NEUTRAL_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>
<body><main><h1>Weather</h1><p>Sunny spells, light winds.</p></main></body></html>
"""


class _NeutralHandler(BaseHTTPRequestHandler):
    # (path, Referer header or None) of every visit, so tests can check nothing leaked.
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.seen.append((self.path, self.headers.get("Referer")))
        if self.path.startswith("/favicon"):
            self.send_response(204)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_PAGE)))
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def neutral_visits() -> list[tuple[str, str | None]]:
    """Visits the neutral site receives during this test: (path, Referer or None)."""
    _NeutralHandler.seen.clear()
    return _NeutralHandler.seen


@pytest.fixture(scope="session")
def neutral_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), _NeutralHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _compile_spanish(env: dict[str, str]) -> None:
    """Build the Spanish catalogue if it is missing or stale, as `make install` would."""
    po, mo = LOCALE_DIR / "django.po", LOCALE_DIR / "django.mo"
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        _manage(env, "compilemessages", "--locale", "es", "--ignore", ".venv", "-v", "0")


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory, neutral_site: str) -> Iterator[Servers]:
    var_dir = tmp_path_factory.mktemp("hearth-var")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HEARTH_", "DJANGO_"))
    }
    env.update(
        HEARTH_VAR_DIR=str(var_dir),
        HEARTH_SECRET_KEY=secrets.token_urlsafe(50),
        HEARTH_MASTER_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        HEARTH_HTTPS="false",
        HEARTH_DEBUG="false",
        HEARTH_ALLOWED_HOSTS="127.0.0.1,localhost",
        HEARTH_NEUTRAL_EXIT_URL=neutral_site,
        # Another settings module (on PYTHONPATH) can be tried by exporting DJANGO_SETTINGS_MODULE.
        DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "hearth.settings"),
        PYTHONUNBUFFERED="1",
    )
    _compile_spanish(env)
    _manage(env, "migrate", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _manage(env, "seed_demo")

    log = var_dir / "uvicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(VENV_BIN / "uvicorn"),
                "hearth.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Hearth did not answer /healthz within 30 s:\n{log.read_text()}"
                )
            time.sleep(0.1)
        yield Servers(
            url=url,
            localhost_url=f"http://localhost:{port}",
            neutral_url=neutral_site,
            var_dir=var_dir,
            log=log,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("Debian's chromium is not on PATH (apt-get install chromium).")
    browser = playwright_instance.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


ContextFactory = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser, servers: Servers) -> Iterator[ContextFactory]:
    """Make fresh browser contexts (phone-sized, on Hearth) whose traffic is checked after the test.

    `new_context(base_url=..., viewport=..., java_script_enabled=False, ...)` overrides defaults.
    Each context gets a `.traffic` (a support.Traffic) for `allow_exit()`.
    """
    made: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        options = {"viewport": PHONE, "base_url": servers.url, "locale": "en-GB", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        traffic = Traffic(
            hearth_origins=servers.hearth_origins, neutral_origin=servers.neutral_origin
        )
        context.traffic = traffic  # type: ignore[attr-defined]
        context.on("request", lambda request: traffic.record(request.url))

        def watch(page: Page) -> None:
            page.on("websocket", lambda ws: traffic.record(ws.url))
            page.on("pageerror", lambda error: traffic.record_problem(f"JavaScript error: {error}"))
            page.on(
                "console",
                lambda message: (
                    traffic.record_problem(f"Console: {message.text}")
                    if message.type == "error" and "Content Security Policy" in message.text
                    else None
                ),
            )

        context.on("page", watch)
        made.append(context)
        return context

    yield make
    failures = []
    for context in made:
        traffic = context.traffic  # type: ignore[attr-defined]
        context.close()
        foreign = traffic.foreign()
        if foreign:
            failures.append("Requests left Hearth's origin:\n  " + "\n  ".join(foreign))
        if traffic.problems:
            failures.append("Problems in the page:\n  " + "\n  ".join(traffic.problems))
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


@pytest.fixture
def context(new_context: ContextFactory) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def traffic(context: BrowserContext) -> Traffic:
    return context.traffic  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """On a failure, attach the server's error lines so a 500 explains itself."""
    outcome = yield
    report = outcome.get_result()
    servers = getattr(item, "funcargs", {}).get("servers")
    if report.failed and servers is not None and servers.log.exists():
        lines = [
            line
            for line in servers.log.read_text(errors="replace").splitlines()
            if '"level": "error"' in line or "Traceback" in line
        ]
        if lines:
            report.sections.append(("Hearth server errors", "\n".join(lines[-5:])[-6000:]))


@pytest.fixture(scope="session")
def fran_state(browser: Browser, servers) -> Iterator[StorageState]:
    """fran signed in once (passphrase and code) for the run: codes cannot be used twice."""
    context = browser.new_context(viewport=DESKTOP, base_url=servers.url, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        staff_sign_in(context.new_page(), "fran")
        yield context.storage_state()
    finally:
        context.close()


@pytest.fixture
def fran(new_context: Callable[..., BrowserContext], fran_state: StorageState) -> Page:
    """fran, the demo group's facilitator, on her desktop at home (her sockets are tracked)."""
    context = new_context(viewport=DESKTOP, storage_state=fran_state)
    context.add_init_script(TRACK_SOCKETS)
    page = context.new_page()
    page.goto("/")
    expect_home(page, "fran")
    return page

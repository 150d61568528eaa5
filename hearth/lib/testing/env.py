"""pytest plugin loaded before Django: safe test values for the required secrets.

Loaded with `-p hearth.lib.testing.env` (see pyproject), because pytest-django reads the
settings before any conftest runs. Real values from the environment always win.
"""

import os

os.environ.setdefault("HEARTH_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("HEARTH_MASTER_KEY", "dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcHJvZC0zMmI=")
os.environ.setdefault("HEARTH_HTTPS", "false")
os.environ.setdefault("HEARTH_TASKS_IMMEDIATE", "true")

# Parallel workers (pytest-xdist) each get their own Redis database, because clearing the cache
# between tests flushes a whole database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_redis = os.environ.get("HEARTH_REDIS_URL")
if _redis and _worker.startswith("gw"):
    base, _, _db = _redis.rpartition("/")
    os.environ["HEARTH_REDIS_URL"] = f"{base}/{5 + int(_worker[2:])}"

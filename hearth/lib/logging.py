"""Structured, redacted logging.

Log lines may be read by operators who must never learn who said what: no content, pseudonym
or IP address reaches a log line. Request paths are dropped too, because invite and reset
tokens travel in paths.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from pathlib import Path

_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_HEX = r"[0-9a-fA-F]{1,4}"
# Eight groups, or fewer around "::": a clock time ("07:03:50") is neither.
_IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}|(?:{_HEX}(?::{_HEX})*)?::(?:{_HEX}(?::{_HEX})*)?)"
    r"(?![\w:])"
)
# Loggers whose messages embed a request path or a client address.
_PATH_LOGGERS = ("django.request", "django.security", "django.server", "uvicorn.access")


def scrub(text: str) -> str:
    """Return `text` with anything shaped like an IP address replaced."""
    return _IPV6.sub("[addr]", _IPV4.sub("[addr]", text))


class RedactFilter(logging.Filter):
    """Reduce records from request loggers to their status and strip addresses from all."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(_PATH_LOGGERS):
            status = getattr(record, "status_code", None)
            record.msg = f"http {status}" if status else record.name
            record.args = ()
        else:
            record.msg = scrub(record.getMessage())
            record.args = ()
        # The request object carries headers, cookies and the client address.
        for attr in ("request", "scope", "client_addr"):
            if hasattr(record, attr):
                setattr(record, attr, None)
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line with a fixed, small set of fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        event = getattr(record, "event", None)
        if event:
            entry["event"] = event
        if record.exc_info and record.exc_info[0] is not None:
            # Exception type and frame locations only: messages and source lines can quote
            # user input.
            exc_type, _exc, tb = record.exc_info
            frames = traceback.extract_tb(tb)[-8:]
            entry["exc"] = exc_type.__name__
            entry["frames"] = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames]
        return json.dumps(entry, ensure_ascii=False)

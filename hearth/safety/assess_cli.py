"""`hearth assess`: read JSON lines {"id", "text"} and write one JSON assessment per line.

The engine's stable test interface: no database needed. Malformed lines are reported on
standard error by line number and skipped; the exit code is then 1. `--group <id>` is the one
option that reads the database: it applies that group's and its organisation's watched words
(and its safety word), as the site itself would.
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from hearth.safety.detectors.watched_words import validate_pattern
from hearth.safety.model.embedder import ModelUnavailable
from hearth.safety.pipeline import assess
from hearth.safety.types import AssessContext, Assessment, WatchedWord

_ACTIONS = {"block", "require_approval", "flag", "censor"}


def _load_words(path: str) -> tuple[WatchedWord, ...]:
    """Read `[{"term": ..., "action": ..., "regex": bool}]` (or a list of plain strings)."""
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    words = []
    for i, item in enumerate(raw, 1):
        if isinstance(item, str):
            item = {"term": item}
        action = item.get("action", "flag")
        if action not in _ACTIONS or not isinstance(item.get("term"), str):
            raise ValueError(f"watched word {i}: needs a term and an action in {sorted(_ACTIONS)}")
        is_regex = bool(item.get("regex", False))
        if is_regex and (err := validate_pattern(item["term"])):
            raise ValueError(f"watched word {i}: {err}")
        words.append(WatchedWord(item["term"], action, is_regex))
    return tuple(words)


def _load_group(group_id: str) -> tuple[tuple[WatchedWord, ...], str | None]:
    """Return the watched words and safety word of a group from the database."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.core.exceptions import ValidationError

    from hearth.groups.models import Group
    from hearth.safety.policy import policy_for

    try:
        group = Group.objects.filter(id=group_id).first()
    except (ValueError, ValidationError):
        group = None
    if group is None:
        raise ValueError(f"no group has the id {group_id!r}")
    words, _levels = policy_for(group)
    return words, group.safety_codeword or None


def _row(ident: object, a: Assessment) -> dict:
    return {
        "id": ident,
        "level": a.level,
        "categories": a.categories,
        "spans": [
            {"start": s, "end": e, "category": f.category, "detector": f.detector}
            for f in a.findings
            for s, e in f.spans
        ],
        "scores": {k: round(v, 4) for k, v in a.scores.items()},
        "detectors": sorted({f.detector for f in a.findings}),
        "degraded": a.degraded,
        "truncated": a.truncated,
    }


def main(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Assess every JSON line on `stdin`; return 0, or 1 if any line was malformed."""
    parser = argparse.ArgumentParser(prog="hearth assess", description=__doc__)
    parser.add_argument(
        "--group",
        help="a group's id: apply its and its organisation's watched words from the database",
    )
    parser.add_argument("--group-words", help="JSON file of watched words for the group")
    parser.add_argument("--codeword", help="the group's safety codeword")
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="run without the risk model (degraded, reported per line)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        words = _load_words(args.group_words) if args.group_words else ()
    except (OSError, ValueError) as exc:
        stderr.write(f"hearth assess: cannot use --group-words: {exc}\n")
        return 2
    codeword = args.codeword
    if args.group:
        from django.db import DatabaseError

        try:
            group_words, group_codeword = _load_group(args.group)
        except ValueError as exc:
            stderr.write(f"hearth assess: cannot use --group: {exc}\n")
            return 2
        except DatabaseError as exc:
            # Unreachable or not migrated: say so rather than print a traceback.
            stderr.write(f"hearth assess: cannot read the group from the database: {exc}\n")
            return 2
        words = group_words + words
        codeword = codeword or group_codeword
    ctx = AssessContext(watched_words=words, codeword=codeword)
    status = 0
    for lineno, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a string "text"')
        except ValueError as exc:
            stderr.write(f"hearth assess: line {lineno}: malformed input: {exc}\n")
            status = 1
            continue
        try:
            a = assess(item["text"], ctx, allow_degraded=args.rules_only)
        except ModelUnavailable as exc:
            stderr.write(f"hearth assess: {exc} (or pass --rules-only)\n")
            return 3
        stdout.write(json.dumps(_row(item.get("id"), a), ensure_ascii=False) + "\n")
        stdout.flush()
    return status

"""Load line-based rule files and match them on folded text with spans in the original."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import cast

from hearth.safety.model.paths import model_dir

try:  # x86-64 only; elsewhere every rule is scanned, with the same results
    import hyperscan
except ImportError:  # pragma: no cover - exercised on other CPUs
    hyperscan = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
# Prefilter mode may loosen a pattern, never tighten it; each rule is reported once per text.
_FLAGS = (
    (hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY)
    if hyperscan
    else 0
)

DATA = Path(__file__).resolve().parent.parent / "data"
_BOUNDARY = re.compile(r"\b")


def _without_leading_boundary(regex: str) -> re.Pattern[str] | None:
    """Return `regex` without its leading word boundary when that is safe, else None.

    A pattern that opens with a word boundary gets no literal or first-character prefix scan
    in Python's re engine, so it is tried at every position (3-15x slower on a long post).
    Without it, re skips ahead to the possible first characters; `Rule.finditer` then checks
    the boundary per candidate, which gives exactly the same matches.
    """
    if not regex.startswith(r"\b") or len(regex) <= 2 or regex[2] in "*+?{|":
        return None
    # With a top-level alternation the boundary guards only the first branch: leave it alone.
    if "|" in _top_level(regex):
        return None
    return re.compile(regex[2:])


def _top_level(regex: str) -> str:
    """Return the characters of `regex` outside any group or character class."""
    out, depth, in_class, escaped = [], 0, False, False
    for c in regex:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


@dataclass(frozen=True)
class Rule:
    """One pattern: `category|level|lang|regex` in a data file."""

    category: str
    level: str
    lang: str
    pattern: re.Pattern[str]
    _fast: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Yield the same matches as `pattern.finditer(text)`, faster on long text."""
        fast = self._fast
        if fast is None:
            yield from self.pattern.finditer(text)
            return
        pos = 0
        search = fast.search
        boundary = _BOUNDARY.match
        while (m := search(text, pos)) is not None:
            if boundary(text, m.start()):
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
            else:
                pos = m.start() + 1


class _Prefilter:
    """Name the rules that may match a text, in one pass over it for all of them.

    Scanning 285 crisis patterns one by one cost 1.4 ms per 500-character chat message, a
    seventh of the chat budget; nearly all find nothing. Hyperscan compiles every pattern of a
    file into one automaton, in its prefilter mode: lookbehinds and the like are loosened, so
    it may name a rule that does not match, but never misses one that does. Each rule it
    names is then run as before, so the matches are exactly those of scanning every rule.

    Hyperscan reads bytes with ASCII classes; Python reads characters with Unicode ones. The
    patterns are ASCII, so each non-ASCII character of the text is scanned as one ASCII stand-in
    of its class: "_" for a letter (a word character, as Python's \\w and \\b see it), "0"
    for a digit, a space for a space, and DEL for the rest ("¿", "—", emoji). One character
    stays one byte, so ".{0,40}" counts the same.
    """

    def __init__(self, rules: tuple[Rule, ...], db: hyperscan.Database) -> None:
        self._db = db
        self._rules = rules
        # A scan writes to its scratch space: one per thread, as web workers assess at once.
        self._local = threading.local()

    @classmethod
    def build(cls, rules: tuple[Rule, ...], name: str) -> _Prefilter | None:
        """Return a prefilter for `rules`, or None when it cannot stand for them exactly."""
        if hyperscan is None or not rules:
            return None
        if any(not r.pattern.pattern.isascii() or r.pattern.flags != re.UNICODE for r in rules):
            return None  # the stand-ins above hold only for plain ASCII patterns
        expressions = [r.pattern.pattern.encode("ascii") for r in rules]
        cache = _cache_path(name, expressions)
        try:
            db = _load(cache) or _compile(expressions, cache)
        except hyperscan.error as exc:  # a pattern it cannot take: scan one by one
            log.warning("rules %s: no prefilter (%s); scanning each rule", name, exc)
            return None
        return cls(rules, db)

    def candidates(self, text: str) -> list[Rule]:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        hits: list[int] = []
        self._db.scan(_scan_bytes(text), _collect, context=hits, scratch=scratch)
        return [self._rules[i] for i in sorted(hits)]


def _cache_path(name: str, expressions: list[bytes]) -> Path:
    """Where the compiled automaton of these exact patterns is kept: compiling the crisis
    rules takes 1.3 s, which each process would otherwise pay at its first assessment."""
    key = hashlib.sha256(f"{version('hyperscan')}:{_FLAGS}".encode())
    for expression in expressions:
        key.update(expression + b"\0")
    return model_dir() / f"rules-{Path(name).stem}-{key.hexdigest()[:16]}.hsdb"


def _load(cache: Path) -> hyperscan.Database | None:
    """Return the cached automaton, or None when there is none this CPU can run."""
    try:
        db = hyperscan.loadb(cache.read_bytes(), hyperscan.HS_MODE_BLOCK)
        hyperscan.Scratch(db)  # refused here, not at the first scan, if built for another CPU
    except (OSError, hyperscan.error):  # absent, unreadable, corrupt, or built for another CPU
        return None
    return db


def _compile(expressions: list[bytes], cache: Path) -> hyperscan.Database:
    db = hyperscan.Database()
    db.compile(
        expressions=expressions,
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[_FLAGS] * len(expressions),
    )
    with contextlib.suppress(OSError):  # a read-only folder just works uncached
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(hyperscan.dumpb(db))
        os.replace(partial, cache)  # whole or absent, never half-written
        same_file = re.compile(re.escape(cache.name.rsplit("-", 1)[0]) + r"-[0-9a-f]{16}\.hsdb")
        for stale in cache.parent.glob("rules-*.hsdb"):
            if stale != cache and same_file.fullmatch(stale.name):
                stale.unlink(missing_ok=True)  # the same file's rules before an edit
    return db


def _collect(rule_id: int, _from: int, _to: int, _flags: int, hits: object) -> None:
    cast(list[int], hits).append(rule_id)


# Python's \s matches these ASCII controls; hyperscan's may not.
_ASCII_SPACES = str.maketrans({c: " " for c in "\x0b\x1c\x1d\x1e\x1f"})
_NOT_PLAIN = re.compile(r"[^\x00-\x7f]")


def _stand_in(m: re.Match[str]) -> str:
    c = m[0]
    if c.isspace():
        return " "
    if c.isdecimal():
        return "0"
    return "_" if c.isalnum() else "\x7f"


def _scan_bytes(text: str) -> bytes:
    text = text.translate(_ASCII_SPACES)
    if not text.isascii():
        text = _NOT_PLAIN.sub(_stand_in, text)
    return text.encode("ascii")


class RuleSet:
    """The rules of one data file, in order, with a prefilter when one can be built."""

    def __init__(self, rules: tuple[Rule, ...], name: str) -> None:
        self.rules = rules
        self.prefilter = _Prefilter.build(rules, name)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, text: str) -> list[Rule] | tuple[Rule, ...]:
        """Return, in file order, the rules that may match `text`: at least all that do."""
        return self.rules if self.prefilter is None else self.prefilter.candidates(text)

    def matches(self, text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        """Yield each rule's matches in `text`, in file order: the same as running
        `rule.finditer(text)` for every rule."""
        for rule in self.candidates(text):
            for m in rule.finditer(text):
                yield rule, m


_DEFINITION = re.compile(r"@([A-Z_]+)=(.+)")
_REFERENCE = re.compile(r"\{([A-Z_]+)\}")


@cache
def load_rules(name: str) -> RuleSet:
    """Return the rules in `hearth/safety/data/<name>`; `#` starts a comment line.

    `@NAME=regex` defines a shared fragment (who may abuse, parts of the body) that later
    patterns use as `{NAME}`, so one list serves every rule that needs it.
    """
    rules = []
    fragments: dict[str, str] = {}
    for lineno, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if definition := _DEFINITION.fullmatch(line):
            fragments[definition[1]] = f"(?:{_expand(definition[2], fragments, name, lineno)})"
            continue
        category, level, lang, regex = line.split("|", 3)
        regex = _expand(regex, fragments, name, lineno)
        try:
            rules.append(
                Rule(category, level, lang, re.compile(regex), _without_leading_boundary(regex))
            )
        except re.error as exc:  # a broken data file must fail loudly at import, not match nothing
            raise ValueError(f"{name}:{lineno}: bad pattern: {exc}") from None
    return RuleSet(tuple(rules), name)


def _expand(regex: str, fragments: dict[str, str], name: str, lineno: int) -> str:
    def fragment(m: re.Match[str]) -> str:
        if m[1] not in fragments:
            raise ValueError(f"{name}:{lineno}: {{{m[1]}}} is used before it is defined")
        return fragments[m[1]]

    return _REFERENCE.sub(fragment, regex)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence (or clause run) around [start, end) in `text`."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n;")
    right_candidates = [i for c in ".!?\n;" if (i := text.find(c, end)) != -1]
    return left + 1, min(right_candidates, default=len(text))

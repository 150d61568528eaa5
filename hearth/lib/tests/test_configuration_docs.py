"""docs/configuration.md and .env.example list exactly the HEARTH_* variables Hearth reads.

The variables are found by reading the source, not by importing settings, so a variable added
to settings.py without documentation fails here before anyone has to guess what it does.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "hearth" / "settings.py"
DOCS = ROOT / "docs" / "configuration.md"
ENV_EXAMPLE = ROOT / ".env.example"

# A call of one of settings.py's env helpers whose first argument is a HEARTH_* name.
_HELPER_CALL = re.compile(
    r"\b(env_str|env_bool|env_int|env_list|_required_secret)\(\s*\"(HEARTH_[A-Z0-9_]+)\""
)
# Reads outside settings.py, e.g. the model directory needed by `hearth assess` without Django.
_DIRECT_READ = re.compile(r"os\.environ(?:\.get\(|\[)\s*\"(HEARTH_[A-Z0-9_]+)\"")
# String helpers also accept NAME_FILE (see hearth/lib/env.py): booleans, numbers and lists do not.
_FILE_CAPABLE = {"env_str", "_required_secret"}
_MENTION = re.compile(r"\bHEARTH_[A-Z0-9_]*[A-Z0-9]\b")


def _settings_calls() -> list[tuple[str, str]]:
    return _HELPER_CALL.findall(SETTINGS.read_text(encoding="utf-8"))


def _direct_reads() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "hearth").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        # Test set-up writes variables for the test run; it does not configure Hearth.
        if "/tests/" in relative or relative.startswith("hearth/lib/testing/"):
            continue
        found.update(_DIRECT_READ.findall(path.read_text(encoding="utf-8")))
    return found


def _known() -> set[str]:
    return {name for _helper, name in _settings_calls()} | _direct_reads()


def _file_variants() -> set[str]:
    return {f"{name}_FILE" for helper, name in _settings_calls() if helper in _FILE_CAPABLE}


def _mentioned(path: Path) -> set[str]:
    return set(_MENTION.findall(path.read_text(encoding="utf-8")))


def test_settings_parsing_finds_the_core_variables():
    # Guards the regular expression itself: if it stopped matching, every other test would pass.
    known = _known()
    assert {"HEARTH_SECRET_KEY", "HEARTH_MASTER_KEY", "HEARTH_DATABASE_URL"} <= known
    assert "HEARTH_REDIS_URL" in known
    assert "HEARTH_MASTER_KEY_FILE" in _file_variants()


def test_every_variable_is_documented_in_configuration_md():
    missing = _known() - _mentioned(DOCS)
    assert not missing, f"add to docs/configuration.md: {sorted(missing)}"


def test_every_variable_is_listed_in_env_example():
    missing = _known() - _mentioned(ENV_EXAMPLE)
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_secret_file_variants_are_documented():
    for name in ("HEARTH_SECRET_KEY_FILE", "HEARTH_MASTER_KEY_FILE"):
        assert name in _mentioned(DOCS)
        assert name in _mentioned(ENV_EXAMPLE)


def test_configuration_md_documents_no_unknown_variable():
    unknown = _mentioned(DOCS) - _known() - _file_variants()
    assert not unknown, f"docs/configuration.md names unread variables: {sorted(unknown)}"


def test_env_example_lists_no_unknown_variable():
    unknown = _mentioned(ENV_EXAMPLE) - _known() - _file_variants()
    assert not unknown, f".env.example names variables Hearth never reads: {sorted(unknown)}"

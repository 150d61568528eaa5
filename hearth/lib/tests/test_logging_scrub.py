"""scrub(): anything shaped like an IP address goes; clock times and ordinary text stay."""

import pytest

from hearth.lib.logging import scrub


@pytest.mark.parametrize(
    "address",
    [
        "203.0.113.7",
        "2001:db8:85a3:0:0:8a2e:370:7334",
        "2001:db8::8a2e:370:7334",
        "fe80::1",
        "::1",
        "2001:db8::",
        "::ffff:198.51.100.4",
    ],
)
def test_addresses_are_replaced(address):
    scrubbed = scrub(f"client {address} connected")
    assert address not in scrubbed and "[addr]" in scrubbed
    assert scrubbed.startswith("client ") and scrubbed.endswith(" connected")


@pytest.mark.parametrize(
    "text",
    [
        "started at 2026-11-22 07:03:50.208452",
        "took 12:30 minutes",
        "task 0d660db8-9be7-4369-a27d-4e9d5919744b done",
        "ratio 3:2:1",
    ],
)
def test_times_ids_and_ratios_stay(text):
    assert scrub(text) == text

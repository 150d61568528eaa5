import json
import re

import pytest
from django.utils import translation

from hearth.accounts.regions import OTHER
from hearth.safety.crisis import DATA_FILE, REGIONS, CrisisLine, resources_for

REQUIRED = ("GB", "IE", "US", "CA", "AU", "NZ", "ES", "MX", "AR", "CO", "CL", OTHER)
EMERGENCY = re.compile(r"\b(112|911|999|000|111|123|131|133)\b")


def _contacts(region):
    return " | ".join(line.contact for line in resources_for(region))


def test_data_file_covers_every_region_and_names_its_sources():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert "check" in data["source"].lower()
    assert set(data["regions"]) == set(REGIONS)
    for code in REQUIRED:
        lines = data["regions"][code]
        assert lines, code
        for line in lines:
            assert line["name"] and line["contact"] and line["source"], (code, line)
            assert line["hours"] in data["hours"], (code, line)


@pytest.mark.parametrize("region", REQUIRED)
def test_every_region_has_an_emergency_number(region):
    lines = resources_for(region)
    assert all(isinstance(line, CrisisLine) for line in lines)
    assert EMERGENCY.search(_contacts(region)), region


@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("GB", "116 123"),
        ("GB", "999"),
        ("IE", "116 123"),
        ("IE", "112"),
        ("US", "988"),
        ("US", "911"),
        ("CA", "988"),
        ("AU", "13 11 14"),
        ("AU", "000"),
        ("NZ", "1737"),
        ("NZ", "111"),
        ("ES", "024"),
        ("ES", "112"),
        ("MX", "800 911 2000"),
        ("MX", "911"),
        ("CL", "*4141"),
    ],
)
def test_well_known_numbers_are_listed(region, number):
    assert number in _contacts(region)


def test_spain_lists_the_024_line_by_name():
    names = [line.name for line in resources_for("ES")]
    assert "Línea 024 de atención a la conducta suicida" in names


@pytest.mark.parametrize("region", [None, "", "XX", "gb", "FR", "../../etc/passwd"])
def test_unset_or_unknown_region_falls_back_to_the_general_lines(region):
    lines = resources_for(region)
    assert lines == resources_for(OTHER)
    assert lines[0].name == "Your local emergency number"


def test_hours_are_phrases_not_codes():
    for code in REQUIRED:
        for line in resources_for(code):
            assert line.hours not in ("always", "check") and " " in line.hours


def test_regions_are_the_accounts_list():
    from hearth.accounts.regions import REGIONS as ACCOUNT_REGIONS

    assert REGIONS is ACCOUNT_REGIONS


def test_numbers_do_not_change_with_the_language():
    with translation.override("en"):
        english = resources_for("GB")
    with translation.override("es"):
        spanish = resources_for("GB")
    assert [line.contact.split()[0] for line in english] == [
        line.contact.split()[0] for line in spanish
    ]

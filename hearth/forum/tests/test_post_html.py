from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.timesince import timesince
from hypothesis import given
from hypothesis import strategies as st

from hearth.forum.post_html import _Ages, _words_for

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # just after a short February


def _ages(language: str, now: datetime) -> _Ages:
    with translation.override(language):
        ages = _Ages(_words_for(language))
    ages.now = now
    return ages


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "delta",
    [
        timedelta(0),
        timedelta(seconds=-30),  # a clock a little behind: "0 minutes"
        timedelta(seconds=59),
        timedelta(seconds=60),
        timedelta(hours=23, minutes=59),
        timedelta(days=6, hours=23),
        timedelta(days=7),
        timedelta(days=27, hours=23, minutes=59),
        timedelta(days=28),  # from 1 February: a calendar month
        timedelta(days=29),
        timedelta(days=400),
    ],
)
def test_post_ages_read_as_timesince_in_one_unit(language, delta):
    ages = _ages(language, NOW)
    with translation.override(language):
        expected = f"{timesince(NOW - delta, NOW, depth=1)}"
        assert ages(NOW - delta) == ages._say(expected)


@given(
    seconds=st.integers(min_value=0, max_value=800 * 86400),
    now=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)),
)
def test_post_ages_match_timesince_for_any_age(seconds, now):
    now = now.replace(tzinfo=UTC)
    ages = _ages("en", now)
    created = now - timedelta(seconds=seconds)
    assert ages(created) == ages._say(timesince(created, now, depth=1))


def test_each_wording_is_worked_out_once_per_page():
    ages = _ages("en", NOW)
    first = ages(NOW - timedelta(hours=2, minutes=5))
    assert ages(NOW - timedelta(hours=2, minutes=40)) is first
    assert first == "2\xa0hours ago"

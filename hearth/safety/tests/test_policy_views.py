import logging

import pytest
from django.db import connection

from hearth.audit.models import AuditEntry
from hearth.lib.testing.cast import sign_in
from hearth.safety import policy
from hearth.safety.models import RiskLevelOverride, WatchedWordEntry

pytestmark = pytest.mark.django_db

POLICY = "/safety/policy/"
CANARY = "copper kettles whistle at dawn"


def _client(client, user):
    sign_in(client, user)
    return client


def _words_url(cast):
    return f"/groups/{cast.circle.id}/watched-words/"


def _everything_in_the_database() -> str:
    """Every row of every table, as text (sealed columns stay ciphertext)."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump)


# --- The organisation's policy page ----------------------------------------------------------------


def test_admin_adds_and_removes_an_organisation_word(cast, client):
    c = _client(client, cast.ada)
    response = c.post(
        POLICY, {"do": "add", "term": "thornapple", "action": "block", "category": "watched_word"}
    )
    assert response.status_code == 302 and response["Location"] == POLICY
    entry = WatchedWordEntry.objects.get()
    assert entry.group_id is None and entry.action == "block"
    page = c.get(POLICY).content.decode()
    assert "thornapple" in page
    response = c.post(POLICY, {"do": "remove", "entry": str(entry.id)})
    assert response.status_code == 302 and not WatchedWordEntry.objects.exists()


def test_a_catastrophic_pattern_is_refused_on_the_page_with_its_reason(cast, client):
    c = _client(client, cast.ada)
    response = c.post(
        POLICY,
        {"do": "add", "term": "(a+)+$", "is_regex": "on", "action": "flag", "category": "legal"},
    )
    assert response.status_code == 400
    assert "Nested repetition" in response.content.decode()
    assert not WatchedWordEntry.objects.exists()


def test_the_page_cannot_remove_a_groups_word(cast, client):
    entry = policy.check_add_watched_word(cast.fran, cast.circle, "circleword", False, "flag")
    c = _client(client, cast.ada)
    response = c.post(POLICY, {"do": "remove", "entry": str(entry.id)})
    assert response.status_code == 404 and WatchedWordEntry.objects.exists()


def test_risk_levels_table_shows_defaults_and_saves_overrides(cast, client):
    c = _client(client, cast.ada)
    page = c.get(POLICY).content.decode()
    assert 'name="level_contact_details"' in page and "Suicide self harm" in page
    current = {f"level_{c}": d for c, d, _o in policy.risk_levels_table(cast.organisation.id)}
    response = c.post(POLICY, {"do": "levels", **current, "level_contact_details": "low"})
    assert response.status_code == 302
    assert RiskLevelOverride.objects.get().level == "low"
    assert AuditEntry.objects.filter(action="safety.risk_level_set").count() == 1
    page = c.get(POLICY).content.decode()
    assert '<option value="low" selected>' in page


def test_facilitators_and_members_get_404_for_the_policy_page(cast, client):
    for user in (cast.fran, cast.alice):
        assert _client(client, user).post(POLICY, {"do": "test", "text": "x"}).status_code == 404


# --- Test this text ------------------------------------------------------------------------------


def test_test_tool_shows_the_assessment_escaped_and_highlighted(cast, client):
    policy.check_add_watched_word(cast.ada, None, "casino", False, "require_approval")
    c = _client(client, cast.ada)
    response = c.post(
        POLICY,
        {"do": "test", "text": "<script>alert(1)</script> a c4sino trip", "group": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<mark>c4sino</mark>" in page
    assert 'data-decision="hold"' in page and "watched_words" in page
    assert "no-store" in response["Cache-Control"]


def test_test_tool_uses_the_chosen_groups_words_and_mode(cast, client):
    policy.check_add_watched_word(cast.fran, cast.circle, "casino", False, "block")
    c = _client(client, cast.ada)
    page = c.post(
        POLICY, {"do": "test", "text": "a casino trip", "group": str(cast.circle.id)}
    ).content.decode()
    assert 'data-decision="block"' in page
    page = c.post(POLICY, {"do": "test", "text": "a casino trip", "group": ""}).content.decode()
    assert 'data-decision="publish"' in page


def test_the_tested_text_never_lands_in_the_database_or_the_logs(cast, client, caplog):
    caplog.set_level(logging.DEBUG)
    policy.check_add_watched_word(cast.fran, cast.circle, "kettles", False, "require_approval")
    before = AuditEntry.objects.count()
    c = _client(client, cast.ada)
    c.post(POLICY, {"do": "test", "text": CANARY, "group": str(cast.circle.id)})
    c = _client(client, cast.fran)
    c.post(_words_url(cast), {"do": "test", "text": CANARY})
    c.post("/api/safety/test-text", {"text": CANARY}, content_type="application/json")
    assert AuditEntry.objects.count() == before
    assert CANARY not in _everything_in_the_database()
    assert "copper kettles" not in caplog.text


# --- A group's watched words ---------------------------------------------------------------------


def test_facilitator_keeps_the_groups_words_and_tests_text_there(cast, client):
    c = _client(client, cast.fran)
    url = _words_url(cast)
    response = c.post(
        url, {"do": "add", "term": "nightshade", "action": "censor", "category": "watched_word"}
    )
    assert response.status_code == 302 and response["Location"] == url
    entry = WatchedWordEntry.objects.get()
    assert entry.group_id == cast.circle.id
    page = c.post(url, {"do": "test", "text": "some NIGHTSHADE tea"}).content.decode()
    assert "<mark>NIGHTSHADE</mark>" in page and 'data-decision="publish"' in page
    assert c.post(url, {"do": "remove", "entry": str(entry.id)}).status_code == 302
    assert not WatchedWordEntry.objects.exists()


def test_a_group_page_cannot_remove_another_groups_or_the_organisations_word(cast, client):
    garden = policy.check_add_watched_word(cast.fran, cast.garden, "gardenword", False, "flag")
    org = policy.check_add_watched_word(cast.ada, None, "orgword", False, "flag")
    c = _client(client, cast.fran)
    for entry in (garden, org):
        response = c.post(_words_url(cast), {"do": "remove", "entry": str(entry.id)})
        assert response.status_code == 404
    assert WatchedWordEntry.objects.count() == 2


def test_the_group_page_does_not_show_the_organisations_terms(cast, client):
    policy.check_add_watched_word(cast.ada, None, "orgword", False, "flag")
    page = _client(client, cast.fran).get(_words_url(cast)).content.decode()
    assert "orgword" not in page and "1 watched word applies" in page


def test_the_nav_links_admins_to_the_policy_page(cast, client):
    assert 'href="/safety/policy/"' in _client(client, cast.ada).get("/").content.decode()
    assert 'href="/safety/policy/"' not in _client(client, cast.fran).get("/").content.decode()

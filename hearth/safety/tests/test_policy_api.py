import pytest

from hearth.audit.models import AuditEntry
from hearth.lib.testing.cast import sign_in
from hearth.safety import policy
from hearth.safety.models import RiskLevelOverride, WatchedWordEntry

pytestmark = pytest.mark.django_db

WORDS = "/api/safety/watched-words"
LEVELS = "/api/safety/risk-levels"
TEST = "/api/safety/test-text"


@pytest.fixture
def api(client, cast):
    def signed(name):
        sign_in(client, getattr(cast, name))
        return client

    return signed


def _post(c, url, body):
    return c.post(url, body, content_type="application/json")


def test_admin_adds_lists_and_deletes_organisation_words(api):
    c = api("ada")
    response = _post(c, WORDS, {"term": "thornapple", "action": "block"})
    assert response.status_code == 201
    body = response.json()
    assert body["term"] == "thornapple" and body["group"] is None and body["action"] == "block"
    assert [w["term"] for w in c.get(WORDS).json()] == ["thornapple"]
    assert c.delete(f"{WORDS}/{body['id']}").status_code == 204
    assert not WatchedWordEntry.objects.exists()


def test_facilitator_manages_group_words_but_not_the_organisations(api, cast):
    c = api("fran")
    assert c.get(WORDS).status_code == 404
    assert _post(c, WORDS, {"term": "orgword"}).status_code == 404
    response = _post(c, WORDS, {"term": "circleword", "group": str(cast.circle.id)})
    assert response.status_code == 201
    listed = c.get(WORDS, {"group": str(cast.circle.id)}).json()
    assert [w["term"] for w in listed] == ["circleword"]


def test_members_and_outsiders_get_404_for_group_words(api, cast):
    policy.check_add_watched_word(cast.fran, cast.circle, "circleword", False, "flag")
    for name in ("alice", "charlie", "olga"):
        c = api(name)
        assert c.get(WORDS, {"group": str(cast.circle.id)}).status_code == 404
        assert _post(c, WORDS, {"term": "x y", "group": str(cast.circle.id)}).status_code == 404


def test_invalid_patterns_answer_400_with_the_field(api):
    response = _post(api("ada"), WORDS, {"term": "(a+)+$", "is_regex": True})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "term" in body["fields"]


def test_an_unknown_action_is_a_422(api):
    assert _post(api("ada"), WORDS, {"term": "word", "action": "explode"}).status_code == 422


def test_deleting_someone_elses_word_answers_like_a_missing_one(api, cast):
    garden = policy.check_add_watched_word(cast.fran, cast.garden, "gardenword", False, "flag")
    c = api("alice")
    forbidden = c.delete(f"{WORDS}/{garden.id}")
    missing = c.delete(f"{WORDS}/00000000-0000-0000-0000-000000000009")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    assert WatchedWordEntry.objects.exists()


def test_risk_levels_read_and_write(api):
    c = api("ada")
    rows = {r["category"]: r for r in c.get(LEVELS).json()}
    assert rows["suicide_self_harm"] == {
        "category": "suicide_self_harm",
        "default": "high",
        "level": "high",
        "overridden": False,
    }
    response = c.put(
        LEVELS, {"levels": {"contact_details": "low"}}, content_type="application/json"
    )
    assert response.status_code == 200
    rows = {r["category"]: r for r in response.json()}
    assert rows["contact_details"]["level"] == "low" and rows["contact_details"]["overridden"]
    assert RiskLevelOverride.objects.get().level == "low"
    assert AuditEntry.objects.filter(action="safety.risk_level_set").exists()


def test_unknown_risk_categories_are_refused(api):
    response = api("ada").put(
        LEVELS, {"levels": {"made_up": "low"}}, content_type="application/json"
    )
    assert response.status_code == 400 and not RiskLevelOverride.objects.exists()


def test_test_text_reports_findings_and_decision(api, cast):
    policy.check_add_watched_word(cast.fran, cast.circle, "casino", False, "require_approval")
    policy.check_set_risk_level(cast.ada, "contact_details", "low")
    body = _post(
        api("fran"), TEST, {"text": "C4SINO, call 07700 900123", "group": str(cast.circle.id)}
    ).json()
    assert body["decision"] == "hold"
    detectors = {f["detector"]: f for f in body["findings"]}
    assert detectors["watched_words"]["spans"] and detectors["watched_words"]["action"] == (
        "require_approval"
    )
    phone = detectors["personal_info"]
    assert phone["default_level"] == "medium" and phone["level"] == "low"


def test_test_text_is_for_managers_only(api, cast):
    assert _post(api("fran"), TEST, {"text": "hi"}).status_code == 404
    assert (
        _post(api("alice"), TEST, {"text": "hi", "group": str(cast.circle.id)}).status_code == 404
    )
    assert _post(api("ada"), TEST, {"text": "hi"}).status_code == 200

import io
import json

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEntry
from hearth.forum import actions as forum
from hearth.forum.actions import Draft
from hearth.forum.models import Post, Visibility
from hearth.groups.access import access_group
from hearth.lib.testing.cast import sign_in
from hearth.safety import policy
from hearth.safety.assess_cli import main as assess_main
from hearth.safety.content import screen
from hearth.safety.models import ReviewItem, RiskLevelOverride, WatchedWordEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_member(cast):
    def found(name="alice", group=None):
        return access_group(getattr(cast, name), (group or cast.circle).id)

    return found


def add(
    actor, group=None, term="thornapple", action="flag", is_regex=False, category="watched_word"
):
    return policy.check_add_watched_word(actor, group, term, is_regex, action, category)


def start(found, body, title="A thread", **kw):
    return forum.check_start_thread(found, title, Draft(body=body, **kw))


# --- Permissions --------------------------------------------------------------------------------


def test_only_admins_add_organisation_wide_words(cast):
    assert add(cast.ada).group_id is None
    for name in ("fran", "alice", "charlie"):
        with pytest.raises(ValidationError):
            add(getattr(cast, name), term=f"word {name}")


def test_group_words_are_for_its_facilitators_and_admins(cast):
    assert add(cast.fran, cast.circle).group_id == cast.circle.id
    assert add(cast.ada, cast.circle, term="other word").group_id == cast.circle.id
    for name in ("alice", "charlie", "gina", "olga", "rita"):
        with pytest.raises(ValidationError):
            add(getattr(cast, name), cast.circle, term=f"word {name}")


def test_a_facilitator_demoted_to_member_keeps_no_watched_word_powers(cast):
    cast.fran.role = "member"
    cast.fran.save()
    with pytest.raises(ValidationError):
        add(cast.fran, cast.circle)


def test_removing_a_word_needs_the_same_powers(cast):
    entry = add(cast.ada)
    with pytest.raises(ValidationError):
        policy.check_remove_watched_word(cast.fran, entry)
    policy.check_remove_watched_word(cast.ada, entry)
    assert not WatchedWordEntry.objects.exists()


def test_only_admins_set_risk_levels(cast):
    with pytest.raises(ValidationError):
        policy.check_set_risk_level(cast.fran, "contact_details", "low")
    policy.check_set_risk_level(cast.ada, "contact_details", "low")
    assert policy.get_risk_levels(cast.organisation.id) == {"contact_details": "low"}


def test_setting_the_default_level_clears_the_override(cast):
    policy.check_set_risk_level(cast.ada, "profanity", "medium")
    policy.check_set_risk_level(cast.ada, "profanity", "low")
    assert not RiskLevelOverride.objects.exists()


@pytest.mark.parametrize(("category", "level"), [("nonsense", "low"), ("profanity", "severe")])
def test_unknown_categories_and_levels_are_refused(cast, category, level):
    with pytest.raises(ValidationError):
        policy.check_set_risk_level(cast.ada, category, level)


# --- Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", r"(\w*)*x", "(a|aa)+b", "(x|y){2,}", r"(a)\1", "[unclosed", "a*", ".*", "x" * 201],
)
def test_invalid_or_catastrophic_patterns_are_refused_with_a_message(cast, pattern):
    with pytest.raises(ValidationError) as refused:
        add(cast.ada, term=pattern, is_regex=True)
    assert refused.value.message_dict["term"][0]
    assert not WatchedWordEntry.objects.exists()


def test_a_sound_pattern_is_accepted(cast):
    entry = add(cast.ada, term=r"\bmeet\s+(?:up|irl)\b", is_regex=True)
    assert entry.is_regex


@pytest.mark.parametrize("term", ["", " ", "a", "!!", "x" * 101])
def test_plain_words_have_length_bounds(cast, term):
    with pytest.raises(ValidationError):
        add(cast.ada, term=term)


def test_the_same_word_twice_in_one_scope_is_refused_even_in_another_spelling(cast):
    add(cast.ada, term="Thornapple")
    with pytest.raises(ValidationError):
        add(cast.ada, term="  THORNAPPLE ")
    with pytest.raises(ValidationError):
        add(cast.ada, term="th0rnapple", action="block")
    # Another scope may hold it.
    add(cast.fran, cast.circle, term="thornapple")


def test_unknown_actions_and_categories_are_refused(cast):
    with pytest.raises(ValidationError):
        add(cast.ada, action="explode")
    with pytest.raises(ValidationError):
        add(cast.ada, category="made_up")


# --- Audit and sealing --------------------------------------------------------------------------


def test_changes_are_audited_with_codes_never_the_term(cast):
    entry = add(cast.fran, cast.circle, term="nightshade", action="block")
    policy.check_remove_watched_word(cast.fran, entry)
    policy.check_set_risk_level(cast.ada, "legal", "low")
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "safety.watched_word_added" in actions
    assert "safety.watched_word_removed" in actions
    assert "safety.risk_level_set" in actions
    for row in AuditEntry.objects.all():
        assert "nightshade" not in json.dumps(row.details) + row.target_id


def test_the_term_is_sealed_in_the_database(cast):
    from django.db import connection

    add(cast.ada, term="belladonna")
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM safety_watchedwordentry")
        (raw,) = cursor.fetchone()
    assert b"belladonna" not in bytes(raw)
    assert WatchedWordEntry.objects.get().term == "belladonna"


# --- The loader ---------------------------------------------------------------------------------


def test_policy_for_holds_organisation_and_group_words_and_overrides(cast):
    add(cast.ada, term="orgword")
    add(cast.fran, cast.circle, term="circleword", action="censor")
    add(cast.fran, cast.garden, term="gardenword")
    policy.check_set_risk_level(cast.ada, "contact_details", "low")
    words, levels = policy.policy_for(cast.circle)
    assert {(w.term, w.action) for w in words} == {("orgword", "flag"), ("circleword", "censor")}
    assert levels == {"contact_details": "low"}


def test_policy_for_is_cached_and_reloaded_after_a_change(cast, django_assert_num_queries):
    add(cast.ada, term="first")
    policy.policy_for(cast.circle)
    with django_assert_num_queries(0):
        words, _levels = policy.policy_for(cast.circle)
    assert [w.term for w in words] == ["first"]
    add(cast.ada, term="second")
    words, _levels = policy.policy_for(cast.circle)
    assert [w.term for w in words] == ["first", "second"]


def test_the_loader_skips_a_stored_pattern_that_is_no_longer_safe(cast):
    entry = WatchedWordEntry(organisation=cast.organisation, is_regex=True, action="block")
    entry.term = "(a+)+$"
    entry.save()
    assert policy.policy_for(cast.circle)[0] == ()


# --- Through screen() and the forum ---------------------------------------------------------------


def test_screen_applies_organisation_words(cast):
    add(cast.ada, term="forbidden fruit", action="block")
    screened = screen("I found the F0RBIDDEN  fruit", cast.circle, author_is_new=False)
    assert screened.decision.action == "block"


def test_a_blocked_word_stops_the_forum_post(cast, as_member):
    add(cast.ada, term="forbidden fruit", action="block")
    with pytest.raises(ValidationError):
        start(as_member(), "Anyone tried the forbidden fruit?")
    assert not Post.objects.exists()


def test_a_word_needing_approval_holds_the_post(cast, as_member):
    add(cast.fran, cast.circle, term="casino", action="require_approval")
    posted = start(as_member(), "There is a new c a s i n o near me")
    assert posted.held and posted.post.visibility == Visibility.HELD
    assert ReviewItem.objects.filter(object_id=posted.post.id).exists()


def test_a_censored_word_is_masked_for_readers_but_not_for_its_author(cast, as_member, client):
    add(cast.fran, cast.circle, term="brandname", action="censor")
    posted = start(as_member(), "I swear by BrandName for sleep, honestly.")
    post = posted.post
    assert not posted.held
    assert "BrandName" in post.body
    assert "BrandName" not in post.body_html and "•••" in post.body_html
    thread_url = f"/groups/{cast.circle.id}/forum/{post.thread_id}/"
    sign_in(client, cast.bob)
    page = client.get(thread_url).content.decode()
    assert "BrandName" not in page and "•••" in page
    sign_in(client, cast.alice)
    assert "BrandName" in client.get(thread_url).content.decode()


def test_a_censored_word_in_a_reply_and_an_edit_is_masked(cast, as_member):
    add(cast.ada, term="brandname", action="censor")
    thread = start(as_member(), "Hello").post.thread
    reply = forum.check_post_reply(as_member("bob"), thread, Draft(body="Try brandname"))
    assert "brandname" not in reply.post.body_html
    edited = forum.check_edit_post(as_member("bob"), reply.post, Draft(body="No, brandname!"))
    assert "brandname" not in edited.post.body_html and "•" in edited.post.body_html


def test_a_risk_override_publishes_a_phone_number_without_holding(cast, as_member):
    text = "Call me on 07700 900123 if you want to talk"
    held = start(as_member(), text, confirm="send")
    assert held.held
    policy.check_set_risk_level(cast.ada, "contact_details", "low")
    published = start(as_member(), text, title="Again", confirm="send")
    assert not published.held and published.post.visibility == Visibility.PUBLISHED


# --- Test this text ---------------------------------------------------------------------------------


def test_try_text_reports_the_decision_under_the_groups_mode(cast):
    add(cast.fran, cast.circle, term="casino", action="require_approval")
    trial = policy.try_text(cast.organisation.id, cast.circle, "a casino trip")
    assert trial.decision.action == "hold"
    assert [f.detector for f, _level in trial.findings] == ["watched_words"]
    # Without the group only the organisation's words apply.
    assert policy.try_text(cast.organisation.id, None, "a casino trip").decision.action == "publish"


# --- hearth assess --group --------------------------------------------------------------------------


def _assess(argv, lines):
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(json.dumps(x) + "\n" for x in lines))
    return assess_main(["--rules-only", *argv], stdin, out, err), out.getvalue(), err.getvalue()


def test_assess_group_applies_the_groups_and_organisations_words(cast):
    add(cast.ada, term="orgword", action="block")
    add(cast.fran, cast.circle, term="circleword", category="off_topic")
    code, out, _err = _assess(
        ["--group", str(cast.circle.id)],
        [
            {"id": 1, "text": "an orgword here"},
            {"id": 2, "text": "a c1rcleword"},
            {"id": 3, "text": "hi"},
        ],
    )
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert rows[0]["level"] == "high" and "watched_word" in rows[0]["categories"]
    assert rows[1]["categories"] == ["off_topic"]
    assert rows[2]["categories"] == []


def test_assess_group_with_an_unknown_id_exits_with_a_message(cast):
    code, out, err = _assess(["--group", "not-a-group"], [{"id": 1, "text": "x"}])
    assert code == 2 and out == "" and "--group" in err
    code, _out, err = _assess(["--group", "00000000-0000-0000-0000-000000000009"], [])
    assert code == 2 and "no group" in err

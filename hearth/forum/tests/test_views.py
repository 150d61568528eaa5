import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.forum import actions, actions_extras
from hearth.forum.actions import Draft
from hearth.forum.models import Post, Reaction, Thread
from hearth.lib.testing.cast import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as(client, cast):
    def signed(name):
        sign_in(client, getattr(cast, name))
        return client

    return signed


def url(cast, tail=""):
    return f"/groups/{cast.circle.id}/forum/{tail}"


def test_member_starts_a_thread_through_the_page(cast, client_as):
    client = client_as("alice")
    response = client.post(
        url(cast, "new/"),
        {"title": "Hello all", "body": "I am **new** here", "content_notes": ["grief"]},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(url(cast, f"{thread.id}/"))
    page = client.get(url(cast, f"{thread.id}/")).content.decode()
    assert "<strong>new</strong>" in page
    assert "Content note:" in page and "Grief and loss" in page


def test_failed_post_keeps_the_members_text(cast, client_as):
    response = client_as("alice").post(url(cast, "new/"), {"title": "", "body": "my words stay"})
    assert response.status_code == 400
    assert "my words stay" in response.content.decode()
    assert not Thread.objects.exists()


def test_nudge_page_offers_redaction_and_keeps_the_text(cast, client_as):
    client = client_as("alice")
    data = {"title": "Contact", "body": "Ring me on 07700 900123 any time"}
    response = client.post(url(cast, "new/"), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "07700 900123" in page and 'value="redact"' in page
    assert not Thread.objects.exists()
    client.post(url(cast, "new/"), {**data, "choice": "redact"})
    assert "07700" not in Post.objects.get().body


def test_high_risk_post_shows_crisis_support_at_once(cast, client_as):
    cast.alice.crisis_region = "GB"
    cast.alice.save()
    response = client_as("alice").post(
        url(cast, "new/"), {"title": "Tonight", "body": "I want to end my life tonight"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "116 123" in page and "facilitator will read your message" in page


def test_content_note_collapses_the_body_for_readers(cast, client_as, as_member):
    posted = actions.check_start_thread(
        as_member(), "Hard day", Draft(body="Something happened", content_notes=["abuse"])
    )
    page = client_as("bob").get(url(cast, f"{posted.post.thread_id}/")).content.decode()
    details = re.search(r'<details class="content-note"([^>]*)>', page)
    assert details and "open" not in details.group(1)


def test_member_hides_a_note_entirely(cast, client_as, as_member):
    posted = actions.check_start_thread(
        as_member(), "Hard day", Draft(body="Something happened", content_notes=["abuse"])
    )
    actions_extras.check_save_preferences(
        as_member("bob"), open_automatically=False, never_open=[], hidden=["abuse"]
    )
    page = client_as("bob").get(url(cast, f"{posted.post.thread_id}/")).content.decode()
    assert "Something happened" not in page and "chose to hide" in page


def test_reaction_through_the_page_shows_no_count_or_names(cast, client_as, as_member):
    post = actions.check_start_thread(as_member(), "Hi", Draft(body="Hello")).post
    client = client_as("bob")
    client.post(f"/groups/{cast.circle.id}/forum/posts/{post.id}/react/", {"kind": "strength"})
    assert Reaction.objects.filter(post=post).count() == 1
    # The thread page tells thread.js which buttons to press; the post's own page (the way
    # without JavaScript) presses them itself.
    page = client.get(url(cast, f"{post.thread_id}/")).content.decode()
    assert 'data-react="strength"' in page and '<template id="post-actions">' in page
    page = client.get(url(cast, f"posts/{post.id}/")).content.decode()
    assert page.count('aria-pressed="true"') == 1 and 'value="strength"' in page
    # Others see which kinds arrived, never who sent them or how many.
    seen = client_as("alice").get(url(cast, f"{post.thread_id}/")).content.decode()
    assert "Received: Sending strength" in seen and ">bob<" not in seen


def test_anonymous_post_shows_a_member(cast, client_as, as_member):
    post = actions.check_start_thread(
        as_member(), "Quiet", Draft(body="anonymous words", anonymous=True)
    ).post
    page = client_as("bob").get(url(cast, f"{post.thread_id}/")).content.decode()
    assert "a member" in page and ">alice<" not in page


def test_thread_page_query_count_does_not_grow_with_replies(cast, client_as, as_member):
    post = actions.check_start_thread(as_member(), "Count", Draft(body="start")).post
    client = client_as("bob")
    thread_url = url(cast, f"{post.thread_id}/")

    def queries_for_page():
        client.get(thread_url)  # warm caches (keys, session)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(thread_url).status_code == 200
        return len(captured)

    for i in range(3):
        actions.check_post_reply(as_member("bob"), post.thread, Draft(body=f"reply {i}"))
    few = queries_for_page()
    for i in range(20):
        reply = actions.check_post_reply(as_member("alice"), post.thread, Draft(body=f"more {i}"))
        actions_extras.check_toggle_reaction(as_member("bob"), reply.post, "heard")
    assert queries_for_page() == few
    # Their session with their person, their membership (with the group, settings,
    # preferences, sanctions and agreement), the thread (with its revision), whom they blocked.
    assert few == 4


def test_search_finds_by_stem_in_own_groups_only(cast, client_as, as_member):
    actions.check_start_thread(as_member(), "Gardening", Draft(body="Planting tulips calms me"))
    found = client_as("bob").get("/search/", {"q": "plant"}).content.decode()
    assert "Gardening" in found
    client = client_as("gina")
    assert "Gardening" not in client.get("/search/", {"q": "plant"}).content.decode()


def test_search_hides_words_behind_a_content_note(cast, client_as, as_member):
    # The words are ones the safeguarding pipeline publishes at once ("nightmares about him"
    # reads to the prototypes as a threat, and is held for a reviewer).
    actions.check_start_thread(
        as_member(),
        "Night",
        Draft(body="nightmares about that night again", content_notes=["abuse"]),
    )
    page = client_as("bob").get("/search/", {"q": "nightmares"}).content.decode()
    assert "Night" in page and "nightmares about" not in page


def test_forum_of_a_group_without_one_is_missing(cast, client_as):
    cast.circle.has_forum = False
    cast.circle.save()
    assert client_as("alice").get(url(cast)).status_code == 404


def test_milestone_shows_when_the_group_has_them(cast, client_as, as_member):
    from datetime import timedelta

    from django.utils import timezone

    from hearth.groups.models import Membership

    Membership.objects.filter(user=cast.alice, group=cast.circle).update(
        joined_at=timezone.now() - timedelta(days=31)
    )
    client = client_as("alice")
    assert "A month in the group" not in client.get(url(cast)).content.decode()
    actions_extras.check_save_forum_settings(
        as_member("fran"),
        content_notes=[],
        allow_images=False,
        edit_window_minutes=30,
        milestones=True,
    )
    assert "A month in the group" in client.get(url(cast)).content.decode()


def test_an_admin_reading_a_group_forum_is_audited_and_members_are_not(cast, client_as):
    from hearth.audit.models import AuditEntry

    client_as("alice").get(url(cast))
    assert not AuditEntry.objects.filter(action="group.read_by_admin").exists()
    assert client_as("ada").get(url(cast)).status_code == 200
    entry = AuditEntry.objects.get(action="group.read_by_admin")
    assert entry.target_id == str(cast.circle.id) and entry.details == {"what": "forum"}


def test_a_thread_page_sends_each_post_action_once(cast, client_as, as_member):
    """Reaction buttons, Quote and CSRF fields come once per page, not once per post."""
    post = actions.check_start_thread(as_member("bob"), "Hi", Draft(body="Hello")).post
    client = client_as("alice")

    def page():
        return client.get(url(cast, f"{post.thread_id}/")).content.decode()

    one = page()
    for i in range(5):
        actions.check_post_reply(as_member("bob"), post.thread, Draft(body=f"reply {i}"))
    six = page()
    for marker in ("<form", "csrfmiddlewaretoken", "<button", "Quote"):
        assert one.count(marker) == six.count(marker), marker
    assert six.count("<footer data-react") == 6 and six.count('<template id="post-actions">') == 1
    assert six.count(">More</a>") == 6


def test_a_post_page_has_every_action_without_javascript(cast, client_as, as_member):
    post = actions.check_start_thread(as_member("fran"), "Hi", Draft(body="Hello")).post
    reply = actions.check_post_reply(as_member("bob"), post.thread, Draft(body="hey")).post
    page = client_as("alice").get(url(cast, f"posts/{reply.id}/")).content.decode()
    assert f'action="../../posts/{reply.id}/react/"' in page and page.count("<button") >= 4
    assert f'href="../../{post.thread_id}/reply/?quote={reply.id}"' in page
    assert f'href="../../posts/{reply.id}/report/"' in page and "/block/" in page
    assert "thread.js" not in page and "data-react" not in page


def test_own_posts_are_edited_and_deleted_from_their_page(cast, client_as, as_member):
    post = actions.check_start_thread(as_member(), "Mine", Draft(body="my words")).post
    client = client_as("alice")
    thread_page = client.get(url(cast, f"{post.thread_id}/")).content.decode()
    assert "/delete/" not in thread_page and "/edit/" not in thread_page
    own = client.get(url(cast, f"posts/{post.id}/")).content.decode()
    assert f'href="../../posts/{post.id}/edit/"' in own
    assert f'action="../../posts/{post.id}/delete/"' in own
    assert "/report/" not in own


def test_a_blocked_authors_post_page_shows_no_words(cast, client_as, as_member):
    from hearth.safety.blocks import check_block

    post = actions.check_start_thread(as_member("fran"), "Hi", Draft(body="Hello")).post
    named = actions.check_post_reply(as_member("bob"), post.thread, Draft(body="bob words"))
    hidden = actions.check_post_reply(
        as_member("bob"), post.thread, Draft(body="anon words", anonymous=True)
    )
    check_block(cast.alice, cast.bob)
    client = client_as("alice")
    page = client.get(url(cast, f"posts/{named.post.id}/")).content.decode()
    assert "bob words" not in page and "someone you blocked" in page
    # An anonymous post by someone blocked vanishes, as on the thread page: a placeholder
    # would tell who wrote it.
    assert client.get(url(cast, f"posts/{hidden.post.id}/")).status_code == 404


def test_a_quote_shows_unless_the_quoted_post_is_no_longer_published(cast, client_as, as_member):
    here = actions.check_start_thread(as_member("fran"), "Here", Draft(body="words from here"))
    thread = here.post.thread
    actions.check_post_reply(as_member("bob"), thread, Draft(body="a"), quote_of=here.post)
    later = actions.check_post_reply(as_member("bob"), thread, Draft(body="held words"))
    actions.check_post_reply(as_member("bob"), thread, Draft(body="b"), quote_of=later.post)
    Post.objects.filter(id=later.post.id).update(visibility="held")
    page = client_as("alice").get(url(cast, f"{thread.id}/")).content.decode()
    quotes = re.findall(r'<blockquote class="quote">(.*?)</blockquote>', page, flags=re.S)
    assert len(quotes) == 1 and "words from here" in quotes[0]
    assert "held words" not in page


def test_the_reply_form_follows_the_forums_settings_and_the_readers_language(
    cast, client_as, as_member
):
    """The empty reply form is rendered once per settings and language, never stale."""
    post = actions.check_start_thread(as_member("bob"), "Hi", Draft(body="Hello")).post
    client = client_as("alice")

    def reply_form():
        page = client.get(url(cast, f"{post.thread_id}/")).content.decode()
        return page[page.index('id="reply-title"') :]

    before = reply_form()
    assert "Grief and loss" in before and "Medical details" in before
    assert 'name="image"' not in before
    actions_extras.check_save_forum_settings(
        as_member("fran"),
        content_notes=["grief"],
        allow_images=True,
        edit_window_minutes=30,
        milestones=False,
    )
    after = reply_form()
    assert "Grief and loss" in after and "Medical details" not in after
    assert 'name="image"' in after
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert "Tu mensaje" in reply_form()


def test_a_thread_page_shows_images_only_where_posts_have_them(cast, client_as, as_member):
    from hearth.forum.models import PostImage

    post = actions.check_start_thread(as_member("bob"), "Hi", Draft(body="Hello")).post
    reply = actions.check_post_reply(as_member("alice"), post.thread, Draft(body="Look")).post
    PostImage.objects.create(
        post=reply, group=cast.circle, data="aGk=", content_type="image/png", width=4, height=3
    )
    page = client_as("bob").get(url(cast, f"{post.thread_id}/")).content.decode()
    assert page.count('<img src="../images/') == 1
    assert f'images/{PostImage.objects.get().id}/" width="4" height="3"' in page

"""The cache of opened threads: every change reaches the next page, nothing crosses readers."""

import itertools

import pytest

from hearth.forum import actions, actions_extras, queries, thread_cache
from hearth.forum.access import access_thread, filter_posts_for, may_see_post
from hearth.forum.actions import Draft
from hearth.forum.models import Post, PostImage, Reaction, Thread, ThreadRevision, Visibility
from hearth.groups.models import Membership
from hearth.lib.testing.cast import sign_in
from hearth.safety.blocks import check_block

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    thread_cache.clear()
    yield
    thread_cache.clear()


@pytest.fixture
def thread(as_member):
    posted = actions.check_start_thread(as_member("bob"), "Walks", Draft(body="Cold air helps."))
    actions.check_post_reply(as_member("alice"), posted.post.thread, Draft(body="Same for me."))
    return posted.post.thread


def revision(thread: Thread) -> int:
    row = ThreadRevision.objects.filter(thread_id=thread.id).first()
    return row.n if row else 0


def page(client, cast, thread) -> str:
    response = client.get(f"/groups/{cast.circle.id}/forum/{thread.id}/")
    assert response.status_code == 200
    return response.content.decode()


def reply_of(thread):
    return Post.objects.get(thread=thread, opening=False)


def _save(row, **values):
    """Save sealed fields the only way they can be (through the model), and only those."""
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=list(values))


# Each change is made below the actions (a bulk update or delete), as any code path might.
CHANGES = {
    "a post is added": lambda t, cast: Post.objects.create(
        thread=t, group=cast.circle, author=reply_of(t).author, body="x", body_html="<p>x</p>"
    ),
    "a post's words change": lambda t, cast: _save(reply_of(t), body_html="<p>changed</p>"),
    "a post's notes change": lambda t, cast: Post.objects.filter(thread=t).update(
        content_notes=["grief"]
    ),
    "a post is held back": lambda t, cast: Post.objects.filter(thread=t).update(
        visibility=Visibility.REJECTED
    ),
    "a post is deleted": lambda t, cast: reply_of(t).delete(),
    "a reaction arrives": lambda t, cast: Reaction.objects.create(
        post=reply_of(t), member=reply_of(t).author, kind="heard"
    ),
    "a reaction goes": lambda t, cast: Reaction.objects.filter(post__thread=t).delete(),
    "an image is added": lambda t, cast: PostImage.objects.create(
        post=reply_of(t),
        group=cast.circle,
        data="aGk=",
        content_type="image/png",
        width=1,
        height=1,
    ),
    "an author is renamed": lambda t, cast: _save(
        Membership.objects.get(user=cast.alice), display_name="Alys"
    ),
    "an author changes role": lambda t, cast: Membership.objects.filter(user=cast.alice).update(
        role=Membership.Role.PEER_MODERATOR
    ),
    "an author is removed": lambda t, cast: Membership.objects.filter(user=cast.alice).update(
        status=Membership.Status.REMOVED
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_to_what_a_thread_shows_moves_its_revision(cast, thread, change):
    Reaction.objects.create(post=reply_of(thread), member=reply_of(thread).author, kind="me_too")
    before = revision(thread)
    CHANGES[change](thread, cast)
    assert revision(thread) > before


def test_a_visit_noted_or_another_thread_changing_leaves_a_revision_alone(cast, thread, as_member):
    other = actions.check_start_thread(as_member("bob"), "Other", Draft(body="Elsewhere")).post
    before = revision(thread)
    Membership.objects.filter(user=cast.alice).update(last_seen_at=None)
    Post.objects.filter(id=other.id).update(content_notes=["grief"])
    assert revision(thread) == before


def test_a_revision_goes_with_its_thread(thread):
    assert ThreadRevision.objects.filter(thread_id=thread.id).exists()
    thread.delete()
    assert not ThreadRevision.objects.filter(thread_id=thread.id).exists()


def test_a_page_shows_a_change_made_below_the_actions_at_once(client, cast, thread):
    sign_in(client, cast.bob)
    assert "Same for me." in page(client, cast, thread)
    Post.objects.filter(id=reply_of(thread).id).update(visibility=Visibility.REJECTED)
    assert "Same for me." not in page(client, cast, thread)
    _save(Membership.objects.get(user=cast.bob), display_name="Robert")
    assert ">Robert<" in page(client, cast, thread)


def test_a_held_post_cached_for_a_moderator_stays_hidden_from_members(
    client, cast, thread, as_member
):
    held = actions.check_post_reply(
        as_member("alice"), thread, Draft(body="I want to end my life tonight, I have the pills")
    )
    assert held.held
    sign_in(client, cast.fran)
    assert "I have the pills" in page(client, cast, thread)  # the cache now holds every post
    sign_in(client, cast.bob)
    assert "I have the pills" not in page(client, cast, thread)
    sign_in(client, cast.alice)
    assert "I have the pills" in page(client, cast, thread)  # its author still sees it


def test_blocks_and_reactions_stay_each_readers_own(client, cast, thread, as_member):
    actions_extras.check_toggle_reaction(as_member("bob"), reply_of(thread), "strength")
    check_block(cast.bob, cast.alice)
    sign_in(client, cast.alice)
    alices = page(client, cast, thread)
    assert "Same for me." in alices and "Received: Sending strength" in alices
    sign_in(client, cast.bob)
    bobs = page(client, cast, thread)
    assert "Same for me." not in bobs and "A post from someone you blocked" in bobs


def test_the_cache_gives_the_same_posts_as_a_fresh_read(cast, thread, as_member):
    actions_extras.check_toggle_reaction(as_member("alice"), reply_of(thread), "heard")
    found = as_member("alice")
    prefs = actions_extras.preferences_for(found)

    def shown(views):
        return [(v.post.id, v.author_name, str(v.html), v.reactions, v.is_own) for v in views]

    cached = access_thread(found, thread.id)
    fresh = Thread.objects.get(id=thread.id)  # no revision: read afresh
    assert shown(queries.get_thread_page(found, cached, prefs)) == shown(
        queries.get_thread_page(found, fresh, prefs)
    )


def test_an_entry_is_read_again_after_its_lifetime(monkeypatch, thread):
    clock = itertools.count(start=1000.0, step=thread_cache.LIFETIME_SECONDS / 2)
    monkeypatch.setattr(thread_cache.time, "monotonic", lambda: next(clock))
    first = thread_cache.thread_contents(thread.id, 7)
    assert thread_cache.thread_contents(thread.id, 7) is first  # half a lifetime later
    assert thread_cache.thread_contents(thread.id, 7) is not first  # a whole lifetime after


def test_the_cache_holds_a_bounded_number_of_posts(monkeypatch, thread, as_member):
    other = actions.check_start_thread(as_member("bob"), "Other", Draft(body="One post")).post
    monkeypatch.setattr(thread_cache, "MAX_POSTS", 2)  # the fixture's thread has two
    first = thread_cache.thread_contents(thread.id, 1)
    assert thread_cache.thread_contents(thread.id, 1) is first
    thread_cache.thread_contents(other.thread_id, 1)  # three posts: the oldest entry goes
    assert thread_cache.thread_contents(thread.id, 1) is not first


def test_a_thread_larger_than_the_bound_is_still_kept_alone(monkeypatch, thread):
    monkeypatch.setattr(thread_cache, "MAX_POSTS", 1)
    contents = thread_cache.thread_contents(thread.id, 1)
    assert len(contents.posts) == 2
    assert thread_cache.thread_contents(thread.id, 1) is contents


@pytest.mark.parametrize("who", ["alice", "bob", "fran", "ada"])
def test_may_see_post_is_filter_posts_for_for_one_post(cast, thread, as_member, who):
    author = reply_of(thread).author
    for visibility in Visibility.values:
        Post.objects.create(
            thread=thread, group=cast.circle, author=author, body=visibility, visibility=visibility
        )
    found = as_member(who)
    every = Post.objects.filter(thread=thread)
    assert {p.id for p in every if may_see_post(found, p)} == {
        p.id for p in filter_posts_for(found, every)
    }

"""How the forum plugs into other apps: the review queue (and reports), and member erasure.

Safeguarding and groups never import the forum; the forum registers itself with them here.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.forum import index
from hearth.forum.actions import do_erase_post
from hearth.forum.models import REVIEW_KIND, Poll, Post, Thread, Visibility
from hearth.forum.rendering import render_for_readers
from hearth.groups import erasure
from hearth.safety import review
from hearth.safety.review import Reviewable


class ForumPostReview:
    """Held forum posts, as the safeguarding review queue sees them."""

    def _post(self, object_id: UUID) -> Post | None:
        return (
            Post.objects.select_related("thread")
            .filter(id=object_id, visibility=Visibility.HELD)
            .first()
        )

    def load(self, object_id: UUID) -> Reviewable | None:
        post = Post.objects.select_related("thread").filter(id=object_id).first()
        if post is None or post.visibility == Visibility.DELETED:
            return None
        link = reverse("forum:thread", args=[post.group_id, post.thread_id])
        # Readers' title: the author's own words (the safety word) are for the author alone.
        return Reviewable(text=post.body, title=post.thread.title, link=link)

    def approve(self, object_id: UUID, actor: User, text: str | None) -> None:
        with transaction.atomic():
            post = self._post(object_id)
            if post is None:
                return
            if text is not None:
                post.body = text
                post.hidden_spans = []
                post.censor_spans = []
                post.body_html = render_for_readers(text, [])
                post.masked = False
                post.edited_at = timezone.now()
            post.visibility = Visibility.PUBLISHED
            post.save()
            thread = post.thread
            if post.opening:
                Thread.objects.filter(id=thread.id).update(visibility=Visibility.PUBLISHED)
            else:
                Thread.objects.filter(id=thread.id).update(
                    reply_count=F("reply_count") + 1, last_activity_at=timezone.now()
                )
            index.do_unindex_post(post)
            index.do_index_post(post, thread.title if post.opening else "")

    def reject(self, object_id: UUID, actor: User, message: str) -> None:
        with transaction.atomic():
            post = self._post(object_id)
            if post is None:
                return
            post.visibility = Visibility.REJECTED
            post.moderator_reply = message
            post.save(update_fields=["visibility", "moderator_reply"])
            if post.opening:
                Thread.objects.filter(id=post.thread_id).update(visibility=Visibility.REJECTED)

    def remove(self, object_id: UUID, actor: User) -> None:
        """Take a reported post down exactly as deleting it would (the words are erased)."""
        with transaction.atomic():
            post = Post.objects.select_for_update().filter(id=object_id).first()
            if post is None or post.visibility == Visibility.DELETED:
                return
            do_erase_post(post)
            record(
                "forum.post_removed",
                actor_id=actor.id,
                organisation_id=actor.organisation_id,
                target_type="post",
                target_id=str(post.id),
                details={"thread": str(post.thread_id), "visibility": post.visibility},
            )


def erase_member_posts(group_id: UUID, user_id: UUID) -> int:
    """Erase every post a member wrote in a group (removal or leaving with erasure).

    Their threads stay only as deleted shells (others' replies are others' words): the title
    is blanked and the poll deleted, so none of the member's words remain.
    """
    posts = Post.objects.filter(group_id=group_id, author__user_id=user_id)
    for thread in Thread.objects.filter(group_id=group_id, author__user_id=user_id):
        thread.title = ""
        thread.author_title = None
        thread.visibility = Visibility.DELETED
        thread.save(update_fields=["title", "author_title", "visibility"])
        Poll.objects.filter(thread=thread).delete()
    count = posts.count()
    posts.delete()
    return count


def connect() -> None:
    review.register(REVIEW_KIND, ForumPostReview())
    erasure.register(erase_member_posts)

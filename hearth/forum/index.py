"""The forum's search index: keyed stem tokens per post, never a word in plaintext.

Only published posts are indexed; the author's safety word is left out of the index.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from hearth.forum.models import Post, SearchToken, Visibility
from hearth.forum.rendering import text_for_readers
from hearth.privacy import blind_index


def _scope(group_id: UUID) -> str:
    return f"group:{group_id}"


def do_index_post(post: Post, title: str = "") -> None:
    """Store the tokens of a published post (and its thread's title for an opening post)."""
    # Readers' text: neither the safety word nor a censored word can be searched for.
    text = text_for_readers(post.body, post.hidden_spans, post.censor_spans)
    tokens = blind_index.index_tokens(_scope(post.group_id), f"{title}\n{text}")
    SearchToken.objects.bulk_create(
        SearchToken(group_id=post.group_id, post=post, token=t) for t in tokens
    )


def do_unindex_post(post: Post) -> None:
    SearchToken.objects.filter(post=post).delete()


def search_posts(group_ids: list[UUID], query: str) -> QuerySet[Post]:
    """Return published posts in the groups that hold every word of `query` (stem match).

    Each group has its own index key, so the query is turned into tokens once per group.
    """
    matched: set[UUID] = set()
    for group_id in group_ids:
        per_word = blind_index.query_tokens(_scope(group_id), query)
        if not per_word:
            continue
        candidates = None
        for alternatives in per_word:
            ids = set(
                SearchToken.objects.filter(group_id=group_id, token__in=alternatives).values_list(
                    "post_id", flat=True
                )
            )
            candidates = ids if candidates is None else candidates & ids
            if not candidates:
                break
        matched |= candidates or set()
    return Post.objects.filter(
        id__in=matched,
        visibility=Visibility.PUBLISHED,
        thread__visibility=Visibility.PUBLISHED,
    )

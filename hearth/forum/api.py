"""JSON API for the forum: threads, replies, reactions, polls, resources, preferences, search.

Mirrors the forum pages (hearth.forum.views): the same access functions, the same actions, the
same answers for missing and forbidden (404). Post bodies leave as the HTML the pages show,
sanitised when written; the safety word stays hidden from everyone but the author.

Not here, on purpose: images (attaching and viewing them is for the pages only) and resource
documents (uploaded and downloaded through the resources page; the list links to it). The
forum's own settings and revealing an anonymous author are pages only too.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictBool

from hearth.accounts.api import AUTH, Error
from hearth.forum import access, actions, actions_extras, queries
from hearth.forum.actions import MAX_BODY, MAX_NOTE, MAX_TITLE, Draft, NeedsConfirmation, PollDraft
from hearth.forum.models import Reaction, Resource, Thread, Visibility
from hearth.groups.access import GroupAccess
from hearth.groups.actions import do_note_presence, do_record_outside_read
from hearth.groups.api import ERRORS, AgreementFirst, caller, replies
from hearth.safety.crisis import resources_for

router = Router(tags=["forum"])

F = "/groups/{group_id}/forum"


class ConfirmCode(str, Enum):
    CONFIRM = "confirm"


class Confirm(Error):
    """The author should look again before sending: resend with confirm "send" or "redact"."""

    nudges: list[str]


POSTING_ERRORS: dict[int, Any] = {409: Confirm, **ERRORS}


def _forum(request: HttpRequest, group_id: UUID, *, manage: bool = False) -> GroupAccess:
    """Load the group's forum as the pages do: 404 if missing or not the caller's."""
    found = access.access_forum(caller(request), group_id)
    if manage and not found.can_manage:
        raise Http404
    if found.needs_agreement:
        raise AgreementFirst
    if found.membership is not None:
        do_note_presence(found.membership)
    else:  # an admin reading a group they are not in: recorded, as on the pages
        do_record_outside_read(found, "forum")
    return found


def _confirm(needed: NeedsConfirmation) -> Status[PostedOut | Confirm]:
    return Status(
        409,
        Confirm(
            code=ConfirmCode.CONFIRM,
            message="Please look again before sending. Resend with confirm set to "
            '"send" to post as written, or "redact" to remove what was flagged.',
            nudges=needed.nudges,
        ),
    )


# --- Shapes -------------------------------------------------------------------------------------

Body = Annotated[str, Field(max_length=MAX_BODY)]
Title = Annotated[str, Field(max_length=MAX_TITLE)]
Note = Annotated[str, Field(max_length=MAX_NOTE)]
NoteKeys = Annotated[list[str], Field(max_length=20)]
ConfirmChoice = Literal["", "send", "redact"]


class PollIn(Schema):
    question: str = Field(max_length=200)
    options: list[str] = Field(max_length=10)
    multiple: StrictBool = False
    closes_at: datetime | None = None


class PostIn(Schema):
    body: Body
    content_notes: NoteKeys = Field(default_factory=list, description="Keys of the group's list.")
    custom_note: Note = ""
    anonymous: StrictBool = False
    confirm: ConfirmChoice = Field(
        default="", description='After a 409: "send" as written, or "redact" what was flagged.'
    )

    def draft(self) -> Draft:
        return Draft(
            body=self.body,
            content_notes=list(self.content_notes),
            custom_note=self.custom_note,
            anonymous=self.anonymous,
            confirm=self.confirm,
        )


class ThreadIn(PostIn):
    title: Title
    poll: PollIn | None = None

    def poll_draft(self) -> PollDraft | None:
        if self.poll is None:
            return None
        return PollDraft(
            question=self.poll.question,
            options=list(self.poll.options),
            multiple=self.poll.multiple,
            closes_at=self.poll.closes_at,
        )


class ReplyIn(PostIn):
    quote_of: UUID | None = Field(default=None, description="A post of the same thread.")


class EditIn(Schema):
    """Only what changes; anonymity is fixed when a post is written."""

    body: Body | None = None
    content_notes: NoteKeys | None = None
    custom_note: Note | None = None
    confirm: ConfirmChoice = ""


class CrisisLineOut(Schema):
    name: str
    contact: str
    hours: str
    source: Literal["region", "group"] = Field(
        description="region: the helplines for the member's chosen region; group: a line the "
        "group's facilitators wrote (the whole line is in `name`)."
    )


class PostedOut(Schema):
    thread_id: UUID
    post_id: UUID
    held: bool = Field(description="Waiting for a facilitator before others see it.")
    crisis_resources: list[CrisisLineOut] = Field(
        description="Set when the post showed high risk: show these to the author at once."
    )


class ThreadSummary(Schema):
    id: UUID
    title: str
    pinned: bool
    locked: bool
    reply_count: int
    visibility: str
    author_name: str | None = Field(description="null: anonymous (shown as 'a member').")
    unanswered: bool
    created_at: datetime
    last_activity_at: datetime


class ReactionOut(Schema):
    kind: str
    mine: bool


class QuoteOut(Schema):
    author_name: str | None
    excerpt: str


class PostOut(Schema):
    id: UUID
    opening: bool
    author_name: str | None = Field(description="null: anonymous (shown as 'a member').")
    html: str = Field(description="Sanitised HTML; empty for deleted and hidden posts.")
    content_notes: list[str] = Field(description="Labels of the post's content notes.")
    collapsed: bool = Field(description="Behind its content note until the reader opens it.")
    hidden: bool = Field(description="The reader chose not to see posts with this note.")
    reactions: list[ReactionOut] = Field(
        description="Kinds received (no counts, no names); `mine`: the reader sent it."
    )
    mine: bool = Field(description="The reader wrote this post.")
    can_edit: bool
    can_delete: bool
    visibility: str
    created_at: datetime
    edited_at: datetime | None
    quote: QuoteOut | None
    moderator_reply: str | None = Field(description="Only to the author of a post not published.")


class PollOptionOut(Schema):
    id: UUID
    text: str
    votes: int | None = Field(description="null until the reader voted or the poll closed.")


class PollOut(Schema):
    question: str
    multiple: bool
    anonymous: bool
    closes_at: datetime | None
    closed: bool
    voted: bool
    total: int | None
    options: list[PollOptionOut]


class ThreadOut(ThreadSummary):
    can_reply: bool
    posts: list[PostOut]
    poll: PollOut | None


def _summary(found: GroupAccess, thread: Thread, author_name: str | None) -> dict[str, Any]:
    return {
        "id": thread.id,
        # Readers' title for everyone; the author alone gets their own words back.
        "title": queries.title_for(found, thread),
        "pinned": thread.pinned,
        "locked": thread.locked,
        "reply_count": thread.reply_count,
        "visibility": thread.visibility,
        "author_name": author_name,
        "unanswered": thread.reply_count == 0 and thread.visibility == Visibility.PUBLISHED,
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
    }


def _post_out(view: queries.PostView) -> PostOut:
    post = view.post
    shown = post.visibility != Visibility.DELETED and not view.hidden
    return PostOut(
        id=post.id,
        opening=post.opening,
        author_name=view.author_name,
        html=str(view.html) if shown else "",
        content_notes=view.notes if shown else [],
        collapsed=view.collapsed,
        hidden=view.hidden,
        reactions=[ReactionOut(kind=kind, mine=mine) for kind, _label, mine in view.reactions]
        if post.visibility == Visibility.PUBLISHED
        else [],
        mine=view.is_own,
        can_edit=view.can_edit,
        can_delete=view.can_delete,
        visibility=post.visibility,
        created_at=post.created_at,
        edited_at=post.edited_at,
        quote=QuoteOut(author_name=view.quote[0], excerpt=view.quote[1])
        if view.quote and shown
        else None,
        moderator_reply=post.moderator_reply if view.is_own and shown else None,
    )


def _poll_out(found: GroupAccess, thread: Thread) -> PollOut | None:
    if not hasattr(thread, "poll"):
        return None
    voted = actions_extras.has_voted(thread.poll, found)
    closed = actions_extras.poll_is_closed(thread.poll)
    poll = queries.get_poll(found, thread.poll, voted, closed)
    # As on the page: results only once the reader voted, the poll closed, or they cannot vote.
    results = voted or closed or not access.can_post(found)
    return PollOut(
        question=poll.question,
        multiple=poll.poll.multiple,
        anonymous=poll.poll.anonymous,
        closes_at=poll.poll.closes_at,
        closed=closed,
        voted=voted,
        total=poll.total if results else None,
        options=[
            PollOptionOut(id=option_id, text=text, votes=votes if results else None)
            for option_id, text, votes in poll.options
        ],
    )


def _thread_out(found: GroupAccess, thread: Thread) -> ThreadOut:
    prefs = actions_extras.preferences_for(found)
    name = None if not access.can_see_author(found, thread) else thread.author.display_name
    return ThreadOut(
        **_summary(found, thread, name),
        can_reply=access.can_post(found)
        and not thread.locked
        and thread.visibility == Visibility.PUBLISHED,
        posts=[_post_out(v) for v in queries.get_thread_page(found, thread, prefs)],
        poll=_poll_out(found, thread),
    )


def _posted(request: HttpRequest, found: GroupAccess, posted: actions.Posted) -> PostedOut:
    lines: list[CrisisLineOut] = []
    if posted.show_crisis_resources:
        region = caller(request).crisis_region or None
        lines = [
            CrisisLineOut(name=line.name, contact=line.contact, hours=line.hours, source="region")
            for line in resources_for(region)
        ]
        lines += [
            CrisisLineOut(name=line.strip(), contact="", hours="", source="group")
            for line in found.group.crisis_lines()
        ]
    return PostedOut(
        thread_id=posted.post.thread_id,
        post_id=posted.post.id,
        held=posted.held,
        crisis_resources=lines,
    )


# --- Threads ------------------------------------------------------------------------------------


@router.get(F + "/threads", response={200: list[ThreadSummary], **ERRORS}, auth=AUTH)
@replies
def list_threads(request: HttpRequest, group_id: UUID) -> list[ThreadSummary]:
    found = _forum(request, group_id)
    return [
        ThreadSummary(**_summary(found, row.thread, row.author_name))
        for row in queries.get_thread_rows(found)
    ]


@router.post(F + "/threads", response={201: PostedOut, **POSTING_ERRORS}, auth=AUTH)
@replies
def start_thread(
    request: HttpRequest, group_id: UUID, payload: ThreadIn
) -> Status[PostedOut | Confirm]:
    found = _forum(request, group_id)
    if not access.can_post(found):
        raise Http404
    try:
        posted = actions.check_start_thread(
            found, payload.title, payload.draft(), payload.poll_draft()
        )
    except NeedsConfirmation as needed:
        return _confirm(needed)
    return Status(201, _posted(request, found, posted))


@router.get(F + "/threads/{thread_id}", response={200: ThreadOut, **ERRORS}, auth=AUTH)
@replies
def get_thread(request: HttpRequest, group_id: UUID, thread_id: UUID) -> ThreadOut:
    found = _forum(request, group_id)
    return _thread_out(found, access.access_thread(found, thread_id))


@router.post(
    F + "/threads/{thread_id}/replies", response={201: PostedOut, **POSTING_ERRORS}, auth=AUTH
)
@replies
def post_reply(
    request: HttpRequest, group_id: UUID, thread_id: UUID, payload: ReplyIn
) -> Status[PostedOut | Confirm]:
    found = _forum(request, group_id)
    thread = access.access_thread(found, thread_id)
    if not access.can_post(found):
        raise Http404
    quoted = access.access_post(found, payload.quote_of) if payload.quote_of else None
    try:
        posted = actions.check_post_reply(found, thread, payload.draft(), quote_of=quoted)
    except NeedsConfirmation as needed:
        return _confirm(needed)
    return Status(201, _posted(request, found, posted))


class FlagsIn(Schema):
    pinned: StrictBool | None = None
    locked: StrictBool | None = None


@router.post(F + "/threads/{thread_id}/flags", response={200: ThreadSummary, **ERRORS}, auth=AUTH)
@replies
def set_thread_flags(
    request: HttpRequest, group_id: UUID, thread_id: UUID, payload: FlagsIn
) -> ThreadSummary:
    """Pin or lock a thread (facilitators and admins); a flag left out stays as it is."""
    found = _forum(request, group_id, manage=True)
    thread = access.access_thread(found, thread_id)
    actions.check_set_thread_flags(found, thread, pinned=payload.pinned, locked=payload.locked)
    name = None if not access.can_see_author(found, thread) else thread.author.display_name
    return ThreadSummary(**_summary(found, thread, name))


class VoteIn(Schema):
    options: list[str] = Field(max_length=10, description="Ids of the chosen options.")


@router.post(F + "/threads/{thread_id}/votes", response={200: PollOut, **ERRORS}, auth=AUTH)
@replies
def vote(request: HttpRequest, group_id: UUID, thread_id: UUID, payload: VoteIn) -> PollOut:
    found = _forum(request, group_id)
    thread = access.access_thread(found, thread_id)
    if not hasattr(thread, "poll"):
        raise Http404
    actions_extras.check_vote(found, thread.poll, payload.options)
    poll = _poll_out(found, thread)
    assert poll is not None
    return poll


# --- Posts --------------------------------------------------------------------------------------


@router.patch(F + "/posts/{post_id}", response={200: PostedOut, **POSTING_ERRORS}, auth=AUTH)
@replies
def edit_post(
    request: HttpRequest, group_id: UUID, post_id: UUID, payload: EditIn
) -> Status[PostedOut | Confirm]:
    """Change your own post within the group's edit window; the new text is screened again."""
    found = _forum(request, group_id)
    post = access.access_post(found, post_id)
    if not access.is_author(found, post):
        raise Http404
    draft = Draft(
        body=post.body if payload.body is None else payload.body,
        content_notes=list(
            post.content_notes if payload.content_notes is None else payload.content_notes
        ),
        custom_note=(post.custom_note or "")
        if payload.custom_note is None
        else payload.custom_note,
        anonymous=post.anonymous,
        confirm=payload.confirm,
    )
    try:
        posted = actions.check_edit_post(found, post, draft)
    except NeedsConfirmation as needed:
        return _confirm(needed)
    return Status(200, _posted(request, found, posted))


@router.delete(F + "/posts/{post_id}", response={204: None, **ERRORS}, auth=AUTH)
@replies
def delete_post(request: HttpRequest, group_id: UUID, post_id: UUID) -> Status[None]:
    """Delete a post (its author or a moderator); an opening post takes its thread with it."""
    found = _forum(request, group_id)
    post = access.access_post(found, post_id)
    if not access.can_delete_post(found, post):
        raise Http404
    actions.check_delete_post(found, post)
    return Status(204, None)


class ReactionIn(Schema):
    kind: Reaction.Kind


class ReactionToggled(Schema):
    added: bool = Field(description="true: the reaction is now there; false: taken back.")


@router.post(F + "/posts/{post_id}/reactions", response={200: ReactionToggled, **ERRORS}, auth=AUTH)
@replies
def toggle_reaction(
    request: HttpRequest, group_id: UUID, post_id: UUID, payload: ReactionIn
) -> ReactionToggled:
    found = _forum(request, group_id)
    post = access.access_post(found, post_id)
    added = actions_extras.check_toggle_reaction(found, post, payload.kind.value)
    return ReactionToggled(added=added)


# --- Resources ----------------------------------------------------------------------------------


class ResourceOut(Schema):
    id: UUID
    kind: str
    title: str
    url: str | None
    note: str | None
    document_name: str | None
    document_url: str | None = Field(description="The page that downloads the document.")
    created_at: datetime


class CategoryOut(Schema):
    category: str
    resources: list[ResourceOut]


class ResourceIn(Schema):
    kind: Literal["link", "note"]
    category: str = Field(max_length=60)
    title: str = Field(max_length=150)
    url: str = Field(default="", max_length=2000)
    note: str = Field(default="", max_length=5000)


def _resource_out(found: GroupAccess, resource: Resource) -> ResourceOut:
    document = resource.kind == Resource.Kind.DOCUMENT
    return ResourceOut(
        id=resource.id,
        kind=resource.kind,
        title=resource.title,
        url=resource.url,
        note=resource.note,
        document_name=resource.document_name if document else None,
        document_url=reverse("forum:resource_document", args=[found.group.id, resource.id])
        if document
        else None,
        created_at=resource.created_at,
    )


@router.get(F + "/resources", response={200: list[CategoryOut], **ERRORS}, auth=AUTH)
@replies
def list_resources(request: HttpRequest, group_id: UUID) -> list[CategoryOut]:
    found = _forum(request, group_id)
    return [
        CategoryOut(category=category, resources=[_resource_out(found, r) for r in items])
        for category, items in queries.get_resources(found)
    ]


@router.post(F + "/resources", response={201: ResourceOut, **ERRORS}, auth=AUTH)
@replies
def add_resource(request: HttpRequest, group_id: UUID, payload: ResourceIn) -> Status[ResourceOut]:
    """Add a link or a note to the group's library (facilitators and admins).

    Documents are uploaded only through the resources page, never as JSON.
    """
    found = _forum(request, group_id, manage=True)
    resource = actions_extras.check_add_resource(
        found,
        actions_extras.ResourceDraft(
            kind=payload.kind,
            category=payload.category,
            title=payload.title,
            url=payload.url,
            note=payload.note,
        ),
    )
    return Status(201, _resource_out(found, resource))


@router.delete(F + "/resources/{resource_id}", response={204: None, **ERRORS}, auth=AUTH)
@replies
def delete_resource(request: HttpRequest, group_id: UUID, resource_id: UUID) -> Status[None]:
    found = _forum(request, group_id, manage=True)
    actions_extras.check_delete_resource(found, access.access_resource(found, resource_id))
    return Status(204, None)


# --- Preferences and search ---------------------------------------------------------------------


class PreferencesIn(Schema):
    open_automatically: StrictBool = False
    never_open: NoteKeys = Field(default_factory=list)
    hidden: NoteKeys = Field(default_factory=list)


class PreferencesOut(PreferencesIn):
    offered: dict[str, str] = Field(description="The group's content notes: key → label.")


def _preferences_out(found: GroupAccess) -> PreferencesOut:
    current = actions_extras.preferences_for(found)
    return PreferencesOut(
        open_automatically=current.open_notes_automatically,
        never_open=list(current.never_open),
        hidden=list(current.hidden),
        offered=queries.offered_notes(found),
    )


def _member(found: GroupAccess) -> GroupAccess:
    # Admins outside the group have no reading preferences there: as on the page, 404.
    if found.membership is None:
        raise Http404
    return found


@router.get(F + "/preferences", response={200: PreferencesOut, **ERRORS}, auth=AUTH)
@replies
def get_preferences(request: HttpRequest, group_id: UUID) -> PreferencesOut:
    return _preferences_out(_member(_forum(request, group_id)))


@router.put(F + "/preferences", response={200: PreferencesOut, **ERRORS}, auth=AUTH)
@replies
def save_preferences(
    request: HttpRequest, group_id: UUID, payload: PreferencesIn
) -> PreferencesOut:
    found = _member(_forum(request, group_id))
    actions_extras.check_save_preferences(
        found,
        open_automatically=payload.open_automatically,
        never_open=list(payload.never_open),
        hidden=list(payload.hidden),
    )
    return _preferences_out(found)


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=200)


class SearchResult(Schema):
    thread_id: UUID
    post_id: UUID
    group_id: UUID
    group_name: str = Field(description="The discreet name when the person chose discreet mode.")
    title: str
    excerpt: str = Field(description="A post behind a content note shows its note, not its words.")


@router.get("/search", response={200: list[SearchResult], **ERRORS}, auth=AUTH)
def search_forum(request: HttpRequest, query: Query[SearchQuery]) -> list[SearchResult]:
    """Search the forums of every group the person may read (never one they may not)."""
    return [
        SearchResult(
            thread_id=thread.id,
            post_id=post.id,
            group_id=post.group_id,
            group_name=group_name,
            title=title,
            excerpt=excerpt,
        )
        for post, group_name, thread, excerpt, title in queries.search(caller(request), query.q)
    ]

"""Members' reports of posts and of other members, and how moderators settle them.

Split from `actions` (which passed the size where DESIGN asks for a new module); the same rules
hold: this is the only code that writes reports, and every step is audited with ids and codes,
never the note or anyone's name. The reporter is never named to the reported member: a report
is read only by the group's moderators (never by its subject), and the reporter only learns
that a facilitator looked at it, never what happened to the other person.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.groups.models import Group, Membership
from hearth.safety.access import can_moderate_group
from hearth.safety.actions import do_open_case
from hearth.safety.models import Alert, Report
from hearth.safety.review import removal_for

NOTE_MAX = 500
OUTCOMES = tuple(Report.Outcome.values)


def _audit(action: str, report: Report, actor_id: UUID | None, details: dict) -> None:
    # Codes only: the note and the people's names stay out of the log.
    record(
        f"safety.{action}",
        actor_id=actor_id,
        organisation_id=report.organisation_id,
        target_type="report",
        target_id=str(report.id),
        details=details,
    )


def _existing_open(
    reporter: User, kind: str, object_id: UUID | None, subject: User
) -> Report | None:
    qs = Report.objects.filter(reporter=reporter, kind=kind, status=Report.Status.OPEN)
    if object_id is not None:
        return qs.filter(object_id=object_id).first()
    return qs.filter(subject=subject, object_id__isnull=True).first()


def check_report(
    reporter: User,
    group: Group,
    *,
    kind: str,
    object_id: UUID | None,
    subject: User,
    reason: str,
    note: str | None = None,
) -> Report:
    """Record a member's report of a post (`object_id`) or of a member (`object_id` None).

    The caller has already checked the reporter may see the post; this checks that both people
    are in the group. Reporting the same thing again while the first report is open returns
    the open report unchanged, so a worried member pressing twice files one report.
    """
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": [_("Choose what you are reporting.")]})
    if (kind == Report.Kind.MEMBER) != (object_id is None):
        raise ValidationError({"kind": [_("Choose what you are reporting.")]})
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": [_("Choose the reason that fits best.")]})
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise ValidationError({"note": [_("Keep the note to 500 characters.")]})
    active = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE)
    if not active.filter(user=reporter).exists():
        raise ValidationError({"__all__": [_("Only members of the group can report here.")]})
    if subject.id == reporter.id:
        raise ValidationError({"__all__": [_("You can't report yourself.")]})
    if kind == Report.Kind.MEMBER and not active.filter(user=subject).exists():
        raise ValidationError({"__all__": [_("They are no longer a member of this group.")]})
    existing = _existing_open(reporter, kind, object_id, subject)
    if existing is not None:
        return existing
    report = Report(
        organisation_id=group.organisation_id,
        group=group,
        reporter=reporter,
        subject=subject,
        kind=kind,
        object_id=object_id,
        reason=reason,
    )
    report.note = note
    try:
        with transaction.atomic():
            report.save()
            _audit("report_made", report, reporter.id, {"kind": kind, "reason": reason})
    except IntegrityError:
        # The same report submitted twice at once: the other request's row stands.
        existing = _existing_open(reporter, kind, object_id, subject)
        if existing is None:
            raise
        return existing
    return report


def check_handle_report(actor: User, report: Report, outcome: str) -> None:
    """Settle an open report: remove the post, take no action, or open a safeguarding case.

    Removing a post also settles every other open report of that post, so each reporter hears
    it was handled. The row is re-read under a lock: of two moderators, only one decides.
    """
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": [_("Choose what to do about this report.")]})
    if not can_moderate_group(actor, report.group):
        raise ValidationError({"__all__": [_("You cannot moderate this group.")]})
    if report.subject_id == actor.id:
        raise ValidationError({"__all__": [_("Someone else must handle a report about you.")]})
    if outcome == Report.Outcome.REMOVED and report.object_id is None:
        raise ValidationError(
            {"outcome": [_("There is no post to remove; open a case to act about a member.")]}
        )
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("group").get(id=report.id)
        if locked.status != Report.Status.OPEN:
            raise ValidationError({"__all__": [_("This report has already been handled.")]})
        case = None
        if outcome == Report.Outcome.REMOVED:
            remove = removal_for(locked.kind)
            if remove is None or locked.object_id is None:
                raise ValidationError({"outcome": [_("This kind of content can't be removed.")]})
            remove(locked.object_id, actor)
        elif outcome == Report.Outcome.CASE_OPENED:
            case = do_open_case(
                actor,
                locked.group,
                locked.subject,
                kind=Alert.Kind.REPORT,
                source="report",
                categories=[locked.reason],
            )
        settled = Report.objects.filter(id=locked.id)
        if outcome == Report.Outcome.REMOVED:
            settled = Report.objects.filter(
                kind=locked.kind, object_id=locked.object_id, status=Report.Status.OPEN
            )
        ids = list(settled.values_list("id", flat=True))
        Report.objects.filter(id__in=ids).update(
            status=Report.Status.HANDLED,
            outcome=outcome,
            handled_by=actor,
            handled_at=timezone.now(),
            case=case,
        )
        for report_id in ids:
            _audit(
                "report_handled",
                Report(id=report_id, organisation_id=locked.organisation_id),
                actor.id,
                {"outcome": outcome, "case": str(case.id) if case else None},
            )
    report.status, report.outcome = Report.Status.HANDLED, outcome


def do_mark_reports_seen(reporter: User) -> int:
    """Mark the member's handled reports as seen (they opened their list); return how many."""
    return Report.objects.filter(
        reporter=reporter, status=Report.Status.HANDLED, reporter_seen_at__isnull=True
    ).update(reporter_seen_at=timezone.now())

"""Alerts reach a human: the silent signal, delivery, escalation, acknowledgement, cases."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.lib.testing.cast import sign_in
from hearth.safety import actions
from hearth.safety.models import Alert, Case, Duty

pytestmark = pytest.mark.django_db


def on_duty(*people, stepping_away=False):
    for person in people:
        Duty.objects.update_or_create(
            user=person,
            defaults={
                "organisation_id": person.organisation_id,
                "on_duty": True,
                "stepping_away": stepping_away,
            },
        )


def test_the_safety_signal_alerts_staff_and_changes_nothing_for_the_member(cast):
    on_duty(cast.fran)
    member = Client()
    sign_in(member, cast.alice)
    page = f"/groups/{cast.circle.id}/members/"
    response = member.post(f"/groups/{cast.circle.id}/signal/", {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    follow = member.get(page)
    assert "alert" not in follow.content.decode().lower().split("i can")[0]  # no message shown
    alert = Alert.objects.get()
    assert alert.kind == "safety_signal" and alert.subject == cast.alice
    assert list(alert.recipients.all()) == [cast.fran]
    assert alert.case.status == "open"
    assert AuditEntry.objects.filter(action="safety.alert_raised").exists()


def test_outsiders_cannot_raise_a_signal_for_a_group(cast):
    for person in (cast.charlie, cast.olga, cast.rita):
        client = Client()
        sign_in(client, person)
        assert client.post(f"/groups/{cast.circle.id}/signal/").status_code == 404
    assert not Alert.objects.exists()


def test_with_no_facilitator_on_duty_the_rota_then_admins_are_reached(cast):
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    # Nobody on duty at all: the admins hear at once.
    assert list(alert.recipients.all()) == [cast.ada]


def test_stepping_away_passes_alerts_to_others(cast):
    on_duty(cast.fran, stepping_away=True)
    on_duty(cast.ada)
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    assert list(alert.recipients.all()) == [cast.ada]


def test_unacknowledged_alerts_escalate_step_by_step_and_acknowledged_ones_stop(cast, settings):
    on_duty(cast.fran)
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    assert actions.escalate_overdue(timezone.now()) == 0
    later = alert.deadline_at + timedelta(seconds=1)
    assert actions.escalate_overdue(later) == 1
    alert.refresh_from_db()
    assert alert.step == Alert.Step.NEXT_RESPONDER
    assert actions.escalate_overdue(alert.deadline_at + timedelta(seconds=1)) == 1
    alert.refresh_from_db()
    assert alert.step == Alert.Step.ADMINS and cast.ada in alert.recipients.all()
    actions.check_acknowledge_alert(cast.ada, alert)
    assert actions.escalate_overdue(alert.deadline_at + timedelta(hours=1)) == 0
    alert.refresh_from_db()
    assert alert.case.assignee == cast.ada
    with pytest.raises(ValidationError):
        actions.check_acknowledge_alert(cast.fran, alert)


def test_the_periodic_sweep_is_a_registered_task(cast):
    from hearth.safety import tasks

    on_duty(cast.fran)
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    Alert.objects.filter(id=alert.id).update(deadline_at=timezone.now() - timedelta(minutes=1))
    tasks.sweep_alerts.call_local()
    alert.refresh_from_db()
    assert alert.step == Alert.Step.NEXT_RESPONDER


def test_case_notes_are_sealed_and_closing_needs_an_outcome(cast):
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    note = actions.check_add_case_note(cast.fran, alert.case, "canary-case-note-8812")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM safety_casenote")
        assert b"canary-case-note-8812" not in bytes(cursor.fetchone()[0])
    assert note.text == "canary-case-note-8812"
    with pytest.raises(ValidationError):
        actions.check_close_case(cast.fran, alert.case, " ")
    actions.check_close_case(cast.fran, alert.case, "Spoke with the member; safe plan in place.")
    assert Case.objects.get(id=alert.case.id).status == "closed"


def test_alert_pages_are_for_the_groups_staff_only(cast):
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    staff = Client()
    sign_in(staff, cast.fran)
    assert staff.get("/safety/alerts/").status_code == 200
    assert staff.get(f"/safety/alerts/{alert.id}/").status_code == 200
    assert AuditEntry.objects.filter(action="safety.case_viewed").exists()
    for person in (cast.alice, cast.charlie, cast.olga):
        client = Client()
        sign_in(client, person)
        assert client.get(f"/safety/alerts/{alert.id}/").status_code == 404
        assert client.get("/safety/alerts/").status_code == 404


def test_the_outside_notice_is_discreet(
    cast, settings, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    settings.HEARTH_ALERT_WEBHOOK_URL = "https://oncall.example.org/hook"

    class FakeResponse:
        status = 204

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        sent.append(request.data)
        return FakeResponse()

    # The webhook is a true system edge: mocked here, never called for real in tests; the
    # background thread runs inline so the test can see what was sent.
    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    monkeypatch.setattr("hearth.safety.notifier.Thread", InlineThread)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_raise_safety_signal(cast.alice, cast.circle)
    assert len(sent) == 1
    body = sent[0].decode()
    assert "Tuesday circle" not in body and "alice" not in body and "attention" in body


@pytest.fixture
def asgi_app(transactional_db):
    # Imported in sync code with a database: start-up checks the master key.
    import hearth.asgi

    return hearth.asgi.application


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_on_duty_staff_see_the_alert_live_on_their_socket(cast, asgi_app):
    from asgiref.sync import sync_to_async
    from channels.testing.websocket import WebsocketCommunicator
    from django.conf import settings

    @sync_to_async
    def staff_cookie():
        on_duty(cast.fran)
        client = Client()
        sign_in(client, cast.fran)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = await staff_cookie()
    communicator = WebsocketCommunicator(
        asgi_app,
        "/ws/notifications/",
        headers=[
            (b"origin", b"http://127.0.0.1"),
            (b"host", b"127.0.0.1"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, _ = await communicator.connect()
    assert connected
    alert = await sync_to_async(actions.check_raise_safety_signal)(cast.alice, cast.circle)
    message = await communicator.receive_json_from(timeout=10)
    assert message == {"type": "alert", "id": str(alert.id), "link": f"/safety/alerts/{alert.id}/"}
    await communicator.disconnect()


class InlineThread:
    def __init__(self, target, args, daemon):
        self.target, self.args = target, args

    def start(self):
        self.target(*self.args)


def test_a_failing_webhook_never_reaches_the_member(
    cast, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import http.client

    settings.HEARTH_ALERT_WEBHOOK_URL = "https://oncall.example.org/hook"

    def broken(request, timeout):
        raise http.client.BadStatusLine("garbage")

    monkeypatch.setattr("urllib.request.urlopen", broken)
    monkeypatch.setattr("hearth.safety.notifier.Thread", InlineThread)
    member = Client()
    sign_in(member, cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(f"/groups/{cast.circle.id}/signal/")
    assert response.status_code == 302 and Alert.objects.count() == 1


def test_the_alert_records_the_step_it_actually_reached(cast):
    on_duty(cast.ada)
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    # fran (the group's facilitator) is off duty: the rota was reached instead.
    assert alert.step == Alert.Step.NEXT_RESPONDER


def test_unclaimed_alerts_are_listed_first(cast):
    from hearth.safety import queries

    first = actions.check_raise_safety_signal(cast.alice, cast.circle)
    actions.check_acknowledge_alert(cast.fran, first)
    second = actions.check_raise_safety_signal(cast.bob, cast.circle)
    assert list(queries.get_open_alerts(Alert.objects.all()))[0] == second


def test_a_demoted_facilitator_on_duty_is_not_sent_alerts(cast):
    on_duty(cast.fran, cast.ada)
    cast.fran.role = "member"
    cast.fran.save(update_fields=["role"])
    alert = actions.check_raise_safety_signal(cast.alice, cast.circle)
    assert list(alert.recipients.all()) == [cast.ada]

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from hearth.audit.actions import GENESIS, record, verify_chain
from hearth.audit.models import AuditEntry
from hearth.audit.tests.tampering import bypass_audit_triggers

pytestmark = pytest.mark.django_db


def test_record_chains_each_entry_to_the_one_before():
    first = record("test.one", details={"n": 1})
    second = record("test.two", target_type="thing", target_id="42")
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    report = verify_chain()
    assert report.ok and report.checked == 2


def test_the_database_refuses_updates_and_deletes():
    entry = record("test.one")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(id=entry.id).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(id=entry.id).delete()


def test_verify_detects_an_edit_made_behind_the_triggers_back():
    record("test.one")
    middle = record("test.two", details={"n": 2})
    record("test.three")
    with bypass_audit_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET details = %s WHERE id = %s", ['{"n": 3}', middle.id]
        )
    report = verify_chain()
    assert report.first_bad_id == middle.id
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")


def test_verify_command_reports_an_intact_chain(capsys):
    record("test.one")
    call_command("verify_audit")
    assert "intact: 1 entries" in capsys.readouterr().out


def test_verify_command_checks_an_earlier_head_is_still_there():
    first = record("test.one")
    call_command("verify_audit", "--expect-head", first.hash)
    with pytest.raises(CommandError, match="no longer"):
        call_command("verify_audit", "--expect-head", "f" * 64)

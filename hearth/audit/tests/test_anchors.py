import logging

import pytest

from hearth.audit.actions import record
from hearth.audit.anchors import check_and_anchor, last_anchor
from hearth.audit.tests.tampering import bypass_audit_triggers

pytestmark = pytest.mark.django_db


def test_each_check_appends_the_head_and_compares_with_the_last_one(tmp_path):
    anchors = tmp_path / "anchors"
    record("test.one")
    first = check_and_anchor(anchors)
    assert first.ok and first.checked == 1 and last_anchor(anchors) == first.head
    second_entry = record("test.two")
    second = check_and_anchor(anchors)
    assert second.ok and second.head == second_entry.hash
    lines = anchors.read_text().splitlines()
    assert [line.split()[1:] for line in lines] == [["1", first.head], ["2", second.head]]


def test_a_log_cut_and_rebuilt_is_caught_by_the_anchor(tmp_path, caplog):
    anchors = tmp_path / "anchors"
    record("test.one")
    record("test.two")
    assert check_and_anchor(anchors).ok
    # Someone with the database empties the log and starts a fresh, internally valid chain.
    with bypass_audit_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    record("test.rebuilt")
    before = anchors.read_text()
    with caplog.at_level(logging.ERROR, logger="hearth.audit"):
        result = check_and_anchor(anchors)
    assert not result.ok and "no longer in the log" in result.problem
    assert anchors.read_text() == before  # the last good head stays the one to compare with
    assert "audit log check failed" in caplog.text


def test_a_broken_chain_is_reported_and_not_anchored(tmp_path):
    anchors = tmp_path / "anchors"
    entry = record("test.one")
    with bypass_audit_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET action = 'test.other' WHERE id = %s", [entry.id]
        )
    result = check_and_anchor(anchors)
    assert not result.ok and "broken" in result.problem
    assert not anchors.exists()

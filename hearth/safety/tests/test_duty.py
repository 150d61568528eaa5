import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEntry
from hearth.safety import actions
from hearth.safety.models import Duty

pytestmark = pytest.mark.django_db


def test_going_on_duty_is_saved_and_audited(cast):
    actions.check_set_duty(cast.fran, on_duty=True, stepping_away=False)
    assert Duty.objects.get(user=cast.fran).on_duty
    assert AuditEntry.objects.filter(action="safety.duty_changed", actor_id=cast.fran.id).exists()


def test_a_duty_change_without_its_audit_entry_changes_nothing(cast, monkeypatch):
    actions.check_set_duty(cast.fran, on_duty=True, stepping_away=False)

    def audit_down(*args, **kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(actions, "record", audit_down)
    with pytest.raises(RuntimeError):
        actions.check_set_duty(cast.fran, on_duty=False, stepping_away=True)
    duty = Duty.objects.get(user=cast.fran)
    assert duty.on_duty and not duty.stepping_away


def test_members_are_not_on_the_rota(cast):
    with pytest.raises(ValidationError):
        actions.check_set_duty(cast.alice, on_duty=True, stepping_away=False)
    assert not Duty.objects.filter(user=cast.alice).exists()

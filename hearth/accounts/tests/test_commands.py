import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hearth.accounts import pseudonyms
from hearth.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_create_organisation_makes_an_admin_who_must_enrol_two_step(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("harbour lights over quiet water\n"))
    call_command("create_organisation", "Safe Harbour", "--admin", "harriet")
    admin = User.objects.get(pseudonym_token=pseudonyms.token("harriet"))
    assert admin.role == "admin" and admin.organisation.name == "Safe Harbour"
    assert admin.check_password("harbour lights over quiet water")


def test_create_organisation_refuses_a_weak_passphrase_and_creates_nothing(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="15"):
        call_command("create_organisation", "Safe Harbour", "--admin", "harriet")
    assert not Organisation.objects.exists()


def test_seed_demo_is_idempotent_and_prints_a_join_link(capsys):
    call_command("seed_demo")
    call_command("seed_demo", "--base-url", "http://example.test")
    out = capsys.readouterr().out
    assert User.objects.count() == 5 and "http://example.test/join/" in out
    assert "quiet river under morning stars" in out


def test_deploy_check_fails_when_demo_accounts_exist():
    from hearth.accounts.checks import demo_accounts_absent

    assert demo_accounts_absent() == []
    call_command("seed_demo")
    assert [e.id for e in demo_accounts_absent()] == ["hearth.E001"]

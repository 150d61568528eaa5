import pytest
from django.db import connection

from hearth.accounts.models import TotpDevice, User

pytestmark = pytest.mark.django_db


def test_sealed_field_stores_ciphertext_and_reads_back_plaintext(cast):
    device = TotpDevice(user=cast.alice)
    device.secret = "CANARYSECRETFIELD"
    device.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM accounts_totpdevice WHERE id = %s",
            [device.id.hex if connection.vendor == "sqlite" else device.id],
        )
        raw = bytes(cursor.fetchone()[0])
    assert b"CANARYSECRETFIELD" not in raw
    assert TotpDevice.objects.get(id=device.id).secret == "CANARYSECRETFIELD"


def test_pseudonyms_are_sealed_and_found_by_blind_token(cast):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pseudonym, pseudonym_token FROM accounts_user")
        rows = cursor.fetchall()
    assert rows and all(b"alice" not in bytes(r[0]) and "alice" not in r[1] for r in rows)
    assert User.objects.get(id=cast.alice.id).pseudonym == "alice"


def test_plaintext_can_never_be_written_through_a_query(cast):
    with pytest.raises(TypeError):
        User.objects.filter(id=cast.alice.id).update(pseudonym="leak")


def test_ciphertext_copied_to_another_row_does_not_open(cast):
    from hearth.privacy.crypto import SealError

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pseudonym FROM accounts_user WHERE pseudonym_token = %s",
            [cast.alice.pseudonym_token],
        )
        alice_sealed = bytes(cursor.fetchone()[0])
    bob = User.objects.get(id=cast.bob.id)
    bob.__dict__["pseudonym"] = type(User.objects.get(id=cast.bob.id).__dict__["pseudonym"])(
        alice_sealed
    )
    with pytest.raises(SealError):
        _ = bob.pseudonym

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.accounts import actions
from hearth.accounts.models import User
from hearth.accounts.regions import OTHER, REGIONS, is_region
from hearth.lib.testing.cast import sign_in

pytestmark = pytest.mark.django_db

URL = "/account/region/"


def _region(user):
    return User.objects.get(id=user.id).crisis_region


def test_new_members_have_no_region(cast):
    assert _region(cast.alice) == ""


def test_do_set_crisis_region_saves_a_listed_region(cast):
    actions.do_set_crisis_region(cast.alice, "ES")
    assert _region(cast.alice) == "ES" and cast.alice.crisis_region == "ES"


def test_do_set_crisis_region_can_clear_it(cast):
    actions.do_set_crisis_region(cast.alice, "GB")
    actions.do_set_crisis_region(cast.alice, "")
    assert _region(cast.alice) == ""


@pytest.mark.parametrize("bad", ["gb", "XX", "FR", "OTHER", "GB ", "x" * 50, "<script>"])
def test_do_set_crisis_region_refuses_unlisted_values_and_changes_nothing(cast, bad):
    actions.do_set_crisis_region(cast.alice, "MX")
    with pytest.raises(ValidationError):
        actions.do_set_crisis_region(cast.alice, bad)
    assert _region(cast.alice) == "MX" and cast.alice.crisis_region == "MX"


def test_regions_cover_the_promised_places_and_a_fallback():
    assert set(REGIONS) >= {"GB", "IE", "US", "CA", "AU", "NZ", "ES", "MX", "AR", "CO", "CL", OTHER}
    assert all(len(code) <= 8 for code in REGIONS)  # fits User.crisis_region
    assert is_region("GB") and not is_region("gb") and not is_region("")


def test_page_explains_the_choice_and_lists_every_region(client, cast):
    sign_in(client, cast.alice)
    response = client.get(reverse("accounts:crisis_region"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Where are you?" in body and "we never locate you" in body
    for code, name in REGIONS.items():
        assert f'value="{code}"' in body and str(name) in body


def test_page_preselects_the_current_region(client, cast):
    actions.do_set_crisis_region(cast.alice, "NZ")
    sign_in(client, cast.alice)
    body = client.get(URL).content.decode()
    assert '<option value="NZ" selected>' in body


def test_page_is_localised(client, cast):
    sign_in(client, cast.alice)
    body = client.get(URL, headers={"Accept-Language": "es"}).content.decode()
    assert 'value="ES"' in body


def test_posting_a_region_saves_it_and_returns_to_the_account(client, cast):
    sign_in(client, cast.alice)
    response = client.post(URL, {"region": "AU"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    assert _region(cast.alice) == "AU"
    account = client.get(reverse("accounts:account")).content.decode()
    assert URL in account and "Australia" in account


def test_posting_an_unlisted_region_is_a_clear_400_and_changes_nothing(client, cast):
    actions.do_set_crisis_region(cast.alice, "CL")
    sign_in(client, cast.alice)
    response = client.post(URL, {"region": "Narnia"})
    assert response.status_code == 400
    assert "Please choose one of the places in the list." in response.content.decode()
    assert _region(cast.alice) == "CL"


def test_each_member_sets_only_their_own_region(client, cast):
    sign_in(client, cast.charlie)
    client.post(URL, {"region": "CO"})
    assert _region(cast.charlie) == "CO" and _region(cast.alice) == ""


def test_account_page_links_to_the_choice(client, cast):
    sign_in(client, cast.bob)
    body = client.get(reverse("accounts:account")).content.decode()
    assert f'href="{URL}"' in body and "Choose where you are" in body


def test_signed_out_visitors_are_sent_to_sign_in(cast):
    anonymous = Client()
    assert anonymous.get(URL)["Location"] == "/account/sign-in/?next=/account/region/"
    response = anonymous.post(URL, {"region": "GB"})
    assert response.status_code == 302
    assert not User.objects.filter(crisis_region="GB").exists()

from hearth.safety.detectors.personal_info import PersonalInfo
from hearth.safety.types import AssessContext

D = PersonalInfo()


def found(text):
    return [(text[s:e], f.nudge) for f in D.detect(text, AssessContext()) for s, e in f.spans]


def test_personal_info_finds_uk_mobile_with_nudge():
    ((span, nudge),) = found("call me on 07700 900123")
    assert span == "07700 900123" and "phone number" in nudge


def test_personal_info_finds_spanish_and_us_numbers():
    assert found("mi número es 612 345 678")
    assert found("text me at (415) 555-0132")


def test_personal_info_finds_email():
    assert found("email jane.doe@example.com")[0][0] == "jane.doe@example.com"


def test_personal_info_finds_street_address_and_address_phrase():
    assert found("I live at 221 Baker Street, London NW1 6XE")
    assert found("my address is flat 2, the old mill")


def test_personal_info_finds_social_handles():
    assert found("my insta is jane_doe99")
    assert found("snap: sam.smith")
    assert found("follow @sam_smith")


def test_personal_info_ignores_small_numbers_and_plain_talk():
    assert found("I have 3 kids and 2 cats, 10 years in recovery") == []
    assert found("x is fine, I meet my group at 7") == []


def test_personal_info_does_not_take_years_for_phone_numbers():
    # Seven digits in the message, but no run of them is a phone number.
    assert found("We met in 2019 and married in 2021") == []
    assert found("Quiet evenings 259f8021") == []
    # A local number of seven digits still is.
    assert found("ring me on 555 0132 tonight or 2021") == [
        ("555 0132", found("ring me on 555 0132")[0][1])
    ]

from hearth.safety.detectors.unsafe_links import UnsafeLinks
from hearth.safety.types import AssessContext

D = UnsafeLinks()


def msgs(text):
    return " ".join(f.message for f in D.detect(text, AssessContext()))


def test_unsafe_links_flags_shorteners():
    assert "shortener" in msgs("see http://bit.ly/abc")


def test_unsafe_links_flags_punycode_domains():
    assert "punycode" in msgs("http://xn--pypal-4ve.com/login")


def test_unsafe_links_flags_raw_ip_and_executables():
    m = msgs("get http://10.0.0.7/update.apk")
    assert "raw IP" in m and "download" in m


def test_unsafe_links_flags_brand_phishing_shapes():
    assert "imitating" in msgs("http://paypal-login.verify-account.com/")


def test_unsafe_links_flags_javascript_urls():
    assert "Script" in msgs("click javascript:alert(1)")


def test_unsafe_links_allows_ordinary_sites():
    assert msgs("see https://www.nhs.uk/mental-health/ and www.samaritans.org") == ""
    assert msgs("I felt better today. Really.") == ""

"""Production static files are minified before they are hashed, so a name fits its bytes."""

import hashlib
import json

from django.core.management import call_command
from django.test import override_settings

STORAGE = {"BACKEND": "hearth.lib.static_storage.MinifyingStaticFilesStorage"}


def test_collectstatic_serves_minified_css_and_js_under_their_own_hash(tmp_path):
    root = tmp_path / "static"
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES={**storages, "staticfiles": STORAGE}):
        call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    for name, comment in (("hearth/site.css", "/*"), ("hearth/thread.js", "// ")):
        hashed = root / paths[name]
        served = hashed.read_bytes()
        assert comment not in served.decode(), name
        # Django names a file by the first 12 hex digits of its content's MD5.
        assert hashed.name.split(".")[-2] == hashlib.md5(served).hexdigest()[:12], name  # noqa: S324
        assert (root / (paths[name] + ".gz")).exists(), name

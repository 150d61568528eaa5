"""Static files for production: CSS and JavaScript minified, then hashed and compressed by
WhiteNoise.

Minified before hashing, so the hashed name is that of the bytes served; the sources keep
their comments. rcssmin and rjsmin only drop comments and whitespace (rjsmin keeps template
literals whole); the browser journeys run on the minified files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


class MinifyingStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str | None, bool]]:
        if not dry_run:
            for name in paths:
                minify = MINIFIERS.get(Path(name).suffix)
                if minify is not None:
                    path = Path(self.path(name))
                    path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
                    # Hash and compress this minified copy, not the source file.
                    paths[name] = (self, name)
        yield from super().post_process(paths, dry_run=dry_run, **options)

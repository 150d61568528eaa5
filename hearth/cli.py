"""The `hearth` console script.

`hearth assess` runs the safeguarding engine on JSON lines without a database; every other
sub-command is passed to Django's management commands (`hearth migrate`, `hearth seed_demo`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "assess":
        from hearth.safety.assess_cli import main as assess_main

        return assess_main(args[1:], sys.stdin, sys.stdout, sys.stderr)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hearth", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `investbj` console script: a thin front for the management commands.

investbj ingest FILE… [--json] [--dry-run]
investbj load-reference
investbj serve [ADDR:PORT]
investbj demo-data --enterprises N [--seed S]
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "ingest": "ingest",
    "access-check": "access_check",
    "match": "match",
    "load-reference": "load_reference",
    "serve": "runserver",
    "migrate": "migrate",
    "demo-data": "demo_data",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout)
        sys.exit(0 if not argv or argv[0] in ("-h", "--help") else 2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "investbj.settings")
    if argv[0] != "serve":
        # Batch commands never issue sessions, so the development key is harmless
        # there; a server needs DJANGO_SECRET_KEY (or DJANGO_DEBUG=true) like any other.
        os.environ.setdefault("INVESTBJ_DEV", "true")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    command = COMMANDS[argv[0]]
    extra = argv[1:]
    if command == "runserver" and not extra:
        extra = ["127.0.0.1:8000"]
    try:
        call_command(command, *extra)
    except CommandError as exc:
        print(f"investbj {argv[0]}: {exc}", file=sys.stderr)
        sys.exit(exc.returncode)


if __name__ == "__main__":
    main()

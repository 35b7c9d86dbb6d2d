"""The ``lofte`` command.

Pure sub-commands (``analyse``, ``promises parse``) run without Django so analysts can use them
on any machine; everything else is a Django management command run through ``manage.py``'s
machinery, so ``lofte <command> --help`` explains every option.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

USAGE = """\
lofte – Löfte: samverkan mellan kommun och polis

Användning: lofte <kommando> [argument]

Kommandon:
  demo                 skapa SQLite-databasen, läs in demodata och starta servern
  serve                starta webbservern (standard 127.0.0.1:8000)
  analyse ...          analyser för analytiker (hot spots, täthet, tidsmönster, trender)
  promises parse ...   läs publicerade medborgarlöften till strukturerad JSON
  promises import ...  läs in många löftesdokument i det nationella registret
  import <källa> ...   importera officiella källor (polisen-events, kolada, bra, ...)
  worker               kör bakgrundsjobb (importer, påminnelser)
  <django-kommando>    alla Djangos hanteringskommandon (migrate, createsuperuser, ...)

`lofte <kommando> --help` förklarar varje flagga.
"""


def _pure_command(argv: Sequence[str]) -> Callable[[list[str]], int] | None:
    """Return the entry point of a sub-command that needs no Django, if ``argv`` names one."""
    if argv and argv[0] in {"analyse", "analyze"}:
        from lofte.analysis.cli import main as analyse_main

        return analyse_main
    if len(argv) >= 2 and argv[0] == "promises" and argv[1] in {"parse", "evaluate"}:
        from lofte.documents.cli import main as promises_main

        return promises_main
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    pure = _pure_command(args)
    if pure is not None:
        return pure(args[1:])
    if args[:2] == ["promises", "import"]:
        # The national register needs the database: a Django command in lofte.documents.
        args = ["import_promises", *args[2:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lofte", *args])
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

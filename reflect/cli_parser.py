"""The command line's subcommands: the parser, the one-writer lock, and the dispatch.

``reflect`` alone opens the app without building this parser (``reflect.cli``): start-up is
what people wait for between appointments, and this module's dozens of options and their
modules are not needed for it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from reflect import __version__, cli_supervision
from reflect.cli_commands import (
    finish_interrupted_conversion,
    run_backup,
    run_calendar,
    run_check_text,
    run_demo,
    run_export,
    run_export_record,
    run_import,
    run_passphrase,
    run_report_cpd,
    run_report_supervision,
    run_restore,
)
from reflect.cli_support import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ENV_REPORT_PASSWORD,
    Parser,
    add_data_dir,
    iso_date,
    positive_sessions,
)
from reflect.grammar import plural
from reflect.paths import DataPaths, resolve_data_dir
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS

# commands that change the data folder (with `calendar import`); the others only read it
WRITING_COMMANDS = frozenset({"demo", "import", "restore", "passphrase", "backup"})


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="reflect", description="Private after-session reflection with the Ten Top Tips.")
    parser.add_argument("--version", action="version", version=f"Reflect {__version__}")
    add_data_dir(parser)
    # the same option is accepted after a subcommand too: `reflect demo --data-dir DIR`
    common = Parser(add_help=False)
    add_data_dir(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    demo = commands.add_parser("demo", parents=[common], help="fill the database with synthetic reflections")
    demo.add_argument("--sessions", type=positive_sessions, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    calendar = commands.add_parser(
        "calendar", parents=[common], help="expected sessions that drive the after-session prompts"
    )
    calendar_commands = calendar.add_subparsers(
        dest="calendar_command", metavar="ACTION", required=True, parser_class=Parser
    )
    calendar_import = calendar_commands.add_parser(
        "import", parents=[common], help="import an .ics file (only times and setting are kept)"
    )
    calendar_import.add_argument("file", metavar="FILE.ics", type=Path)
    calendar_import.add_argument(
        "--keyword",
        action="append",
        default=[],
        metavar="WORD",
        help="import only events whose title, location or category contains WORD (repeatable)",
    )
    calendar_list = calendar_commands.add_parser(
        "list", parents=[common], help="print a day's expected sessions: start, end, setting"
    )
    calendar_list.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
    export = commands.add_parser("export", parents=[common], help="write all reflections to a JSON backup or a CSV table")
    export.add_argument("--format", choices=("json", "csv", "team-summary", "docx"), required=True)
    export.add_argument("--out", required=True, metavar="FILE", type=Path)
    export.add_argument("--include-text", action="store_true", help="CSV only: add reflection text and notes")
    export.add_argument(
        "--allow-identifiers", action="store_true",
        help="CSV with text: export even if the identifier scanner flags something",
    )
    export.add_argument("--display-name", metavar="NAME", help="team-summary only: the name the team lead sees")
    _add_word_export_arguments(export)
    import_ = commands.add_parser("import", parents=[common], help="merge a JSON backup into this data folder")
    import_.add_argument("file", metavar="FILE", type=Path)
    commands.add_parser(
        "check-text",
        parents=[common],
        help="list possible patient identifiers in text read from stdin (exit 1 if any)",
    )
    passphrase = commands.add_parser(
        "passphrase",
        parents=[common],
        help="encrypt the database with a passphrase, change it, or remove it",
        description=f"The current passphrase is read from {ENV_PASSPHRASE}, a new one from "
        f"{ENV_NEW_PASSPHRASE}; without them you are asked in the terminal.",
    )
    passphrase.add_argument("action", choices=("set", "change", "remove"))
    passphrase.add_argument(
        "--delete-plain-copies", action="store_true",
        help="set only: delete plain backups and moved-aside damaged copies instead of encrypting them",
    )
    _add_report_parser(commands, common)
    cli_supervision.add_parser(commands, common, iso_date, Parser)
    return parser


def _add_word_export_arguments(export: argparse.ArgumentParser) -> None:
    """`reflect export account ID --format docx --out FILE`: one record as a portfolio-ready Word file."""
    from reflect.word import RECORD_KINDS

    export.add_argument("kind", nargs="?", choices=RECORD_KINDS, metavar="KIND",
                        help=f"docx: the kind of record to export ({', '.join(RECORD_KINDS)})")
    export.add_argument("record_id", nargs="?", metavar="ID", help="docx: the record's id")
    export.add_argument("--layout", metavar="LAYOUT",
                        help="docx: nmc (the NMC reflective accounts form, accounts only; their default), "
                        "aomrc (reflective note; the default otherwise) or fourteenfish (learning note)")


def _add_report_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`reflect report supervision …`: the Reports page's PDF, headless."""
    commands.add_parser("backup", parents=[common], help="copy the database into the data folder's backups/ now")
    restore = commands.add_parser(
        "restore", parents=[common], help="replace the database by a backup (the current one is backed up first)"
    )
    restore.add_argument("file", metavar="FILE", type=Path)
    report = commands.add_parser("report", parents=[common], help="write a PDF report")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True, parser_class=Parser)
    supervision = kinds.add_parser(
        "supervision",
        parents=[common],
        help="trend report for clinical supervision (no private text unless --include)",
        description=f"With --password the PDF is protected by a password read from {ENV_REPORT_PASSWORD} "
        "or typed at a prompt.",
    )
    supervision.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    supervision.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    supervision.add_argument("--setting", choices=list(SETTINGS), metavar="KEY", help=", ".join(SETTINGS))
    supervision.add_argument("--contact-type", choices=list(CONTACT_TYPES), metavar="KEY",
                             help=", ".join(CONTACT_TYPES))
    supervision.add_argument("--modality", choices=list(MODALITIES), metavar="KEY", help=", ".join(MODALITIES))
    supervision.add_argument("--tag", metavar="TAG", help="only reflections with this tag")
    supervision.add_argument("--include", nargs="+", default=[], metavar="ID",
                             help="include the text of these reflections (scanned for identifiers first)")
    supervision.add_argument("--password", action="store_true", help="protect the PDF with a password")
    supervision.add_argument("--out", required=True, metavar="FILE.pdf", type=Path)
    cpd = kinds.add_parser(
        "cpd",
        parents=[common],
        help="CPD portfolio: development plan, CPD log against targets, reflective accounts",
        description="Complete reflective accounts in the period are included unless --account names some.",
    )
    cpd.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    cpd.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    cpd.add_argument("--account", nargs="+", metavar="ID", help="include only these reflective accounts")
    cpd.add_argument("--out", required=True, metavar="FILE.pdf", type=Path)


SUPERVISION_WRITES = frozenset({"pack", "open", "respond", "import-response"})  # pack remembers what it sealed


def _writes(args: argparse.Namespace) -> bool:
    """Commands that change the data folder hold its one-writer lock (reflect/data/folder_lock.py)."""
    if args.command == "calendar":
        return bool(args.calendar_command == "import")
    if args.command == "supervision":
        return bool(args.supervision_command in SUPERVISION_WRITES)
    return args.command in WRITING_COMMANDS


def run(args: argparse.Namespace) -> int:
    """Run a subcommand (``args.command``); one that changes the data folder holds its lock."""
    paths = resolve_data_dir(args.data_dir)
    from reflect.data import conversion

    if _writes(args) or conversion.pending(paths) is not None:
        from reflect.data.folder_lock import FolderLock

        with FolderLock(paths):  # refused in one sentence while the app or another writer runs
            finished = finish_interrupted_conversion(paths)
            if finished:
                print(finished, file=sys.stderr)
            return _run_command(paths, args)
    return _run_command(paths, args)


def _demo(paths: DataPaths, args: argparse.Namespace) -> str:
    return f"Added {plural(run_demo(paths, args.sessions, args.seed), 'synthetic reflection')} to {paths.database}"


def _export(paths: DataPaths, args: argparse.Namespace) -> str:
    if args.format == "docx" or args.kind:
        return run_export_record(paths, args)
    return run_export(paths, args.format, args.out, args.include_text, args.allow_identifiers, args.display_name)


def _report(paths: DataPaths, args: argparse.Namespace) -> str:
    return run_report_cpd(paths, args) if args.report_kind == "cpd" else run_report_supervision(paths, args)


# commands that print one sentence and succeed; `calendar` and `check-text` return their own exit code
_PRINTING: dict[str, Callable[[DataPaths, argparse.Namespace], str]] = {
    "demo": _demo,
    "export": _export,
    "import": lambda paths, args: run_import(paths, args.file),
    "passphrase": lambda paths, args: run_passphrase(paths, args.action, args.delete_plain_copies),
    "backup": lambda paths, _args: run_backup(paths),
    "restore": lambda paths, args: run_restore(paths, args.file),
    "supervision": cli_supervision.run,
    "report": _report,
}


def _run_command(paths: DataPaths, args: argparse.Namespace) -> int:
    if args.command in _PRINTING:
        print(_PRINTING[args.command](paths, args))
        return 0
    if args.command == "calendar":
        return run_calendar(paths, args)
    return run_check_text(paths, sys.stdin.read())

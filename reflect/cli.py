"""Command line: `reflect` opens the app; subcommands work headless.

Errors are one sentence on stderr and a non-zero exit, never a traceback.
Heavy libraries (Qt, SQLAlchemy) are imported only on the path that needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from reflect import __version__, cli_supervision
from reflect.errors import UserError
from reflect.paths import DataPaths, resolve_data_dir
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS

if TYPE_CHECKING:
    from reflect.data.db import Database
    from reflect.frameworks import FrameworkCatalog
    from reflect.privacy import ScannerConfig
    from reflect.reflections import ReflectionStore
    from reflect.settings import Settings

MAX_DEMO_SESSIONS = 1_000_000
ENV_PASSPHRASE = "REFLECT_PASSPHRASE"
ENV_NEW_PASSPHRASE = "REFLECT_NEW_PASSPHRASE"
ENV_REPORT_PASSWORD = "REFLECT_REPORT_PASSWORD"
# commands that change the data folder (with `calendar import`); the others only read it
WRITING_COMMANDS = frozenset({"demo", "import", "restore", "passphrase", "backup"})


class CliError(UserError):
    """A problem with what was asked on the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"reflect: {message}\n")


def _positive_sessions(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, not {value!r}") from None
    if not 1 <= number <= MAX_DEMO_SESSIONS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_DEMO_SESSIONS:,}")
    return number


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a date as YYYY-MM-DD, not {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reflect", description="Private after-session reflection with the Ten Top Tips.")
    parser.add_argument("--version", action="version", version=f"Reflect {__version__}")
    data_dir_help = "folder for the database, backups and settings (default: REFLECT_HOME or the user data folder)"
    parser.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    # the same option is accepted after a subcommand too: `reflect demo --data-dir DIR`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    demo = commands.add_parser("demo", parents=[common], help="fill the database with synthetic reflections")
    demo.add_argument("--sessions", type=_positive_sessions, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    calendar = commands.add_parser(
        "calendar", parents=[common], help="expected sessions that drive the after-session prompts"
    )
    calendar_commands = calendar.add_subparsers(
        dest="calendar_command", metavar="ACTION", required=True, parser_class=_Parser
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
    calendar_list.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
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
    cli_supervision.add_parser(commands, common, _iso_date, _Parser)
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
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True, parser_class=_Parser)
    supervision = kinds.add_parser(
        "supervision",
        parents=[common],
        help="trend report for clinical supervision (no private text unless --include)",
        description=f"With --password the PDF is protected by a password read from {ENV_REPORT_PASSWORD} "
        "or typed at a prompt.",
    )
    supervision.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    supervision.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="YYYY-MM-DD")
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
    cpd.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    cpd.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    cpd.add_argument("--account", nargs="+", metavar="ID", help="include only these reflective accounts")
    cpd.add_argument("--out", required=True, metavar="FILE.pdf", type=Path)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rAdding synthetic reflections: {done:,} of {total:,}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    elif total >= 10_000 and (done == total or done % 10_000 == 0):
        sys.stderr.write(f"Added {done:,} of {total:,} synthetic reflections\n")


def _ask(prompt: str, variable: str) -> str:
    """Prompt without echo, or explain which variable to set when there is no terminal."""
    if not sys.stdin.isatty():
        raise CliError(f"A passphrase is needed: set {variable} or run this command in a terminal.")
    import getpass

    return getpass.getpass(prompt)


def _current_passphrase() -> str:
    return os.environ.get(ENV_PASSPHRASE) or _ask("Passphrase: ", ENV_PASSPHRASE)


def _new_passphrase() -> str:
    """The new passphrase from the environment, or typed twice so a typo cannot lock the data away."""
    from_env = os.environ.get(ENV_NEW_PASSPHRASE)
    if from_env:
        return from_env
    first = _ask("New passphrase: ", ENV_NEW_PASSPHRASE)
    if _ask("Type the new passphrase again: ", ENV_NEW_PASSPHRASE) != first:
        raise CliError("The two passphrases are not the same; nothing was changed.")
    return first


def _open_database(paths: DataPaths) -> Database:
    """The one place commands open the database: an encrypted one is opened with its passphrase."""
    from reflect.data.db import open_database
    from reflect.data.encryption import database_is_encrypted
    from reflect.errors import DamagedDatabase

    try:
        return open_database(paths, _current_passphrase() if database_is_encrypted(paths) else None)
    except DamagedDatabase as exc:
        raise CliError(str(exc).rstrip(".") + _backup_offer(paths)) from exc


def _backup_offer(paths: DataPaths) -> str:
    """How to get back to work after a damaged database: the newest backup, named."""
    from reflect.data.backups import list_backups

    backups = list_backups(paths)
    if not backups:
        return "; there is no backup to restore."
    return f"; the newest backup is {backups[0].path.name}: `reflect restore {backups[0].path}` puts it in place."


def run_backup(paths: DataPaths) -> str:
    from reflect.data import backups

    database = _open_database(paths)  # checks the passphrase and the file's integrity first
    try:
        saved = backups.back_up(paths, database.passphrase)
    finally:
        database.close()
    return f"Backed up to {saved}"


def run_restore(paths: DataPaths, file: Path) -> str:
    """Check the backup, keep a copy of the current database, swap, then bring the schema up to date."""
    from reflect.data import backups
    from reflect.data.encryption import is_encrypted
    from reflect.user_files import UnreadableFile, check_regular

    try:
        check_regular(file)
    except UnreadableFile as exc:
        raise CliError(f"{file} {exc.problem}.") from None
    file = file.absolute()
    was_encrypted = is_encrypted(paths.database)
    # the passphrase opens an encrypted backup, or the encrypted database it replaces (for its safety copy)
    passphrase = _current_passphrase() if is_encrypted(file) or was_encrypted else None
    safety = backups.restore(paths, file, passphrase)
    _open_database(paths).close()  # migrates an older backup (after its own safety copy)
    kept = f"; the previous database was kept as {safety}" if safety else ""
    plain = "; the restored database has no passphrase: `reflect passphrase set` protects it again"
    if was_encrypted and is_encrypted(paths.database) and not is_encrypted(file):
        plain = "; it was a plain backup, so it is now protected by this folder's passphrase"
        return f"Restored {file.name}{kept}{plain}."
    return f"Restored {file.name}{kept}{plain if was_encrypted and not is_encrypted(paths.database) else ''}."


def run_passphrase(paths: DataPaths, action: str, delete_plain_copies: bool = False) -> str:
    """`passphrase set|change|remove`; the database is re-written safely (see data/encryption.py)."""
    from reflect.data import encryption
    from reflect.data.db import stored_revision

    protected = encryption.database_is_encrypted(paths)
    if action == "set":
        if protected:
            raise CliError("The database already has a passphrase; use `reflect passphrase change`.")
        print(encryption.NO_RECOVERY_WARNING)
        done = encryption.encrypt(paths, _new_passphrase(), delete_plain_copies)
        return f"{done} Commands will ask for the passphrase or read {ENV_PASSPHRASE}."
    if delete_plain_copies:
        raise CliError("--delete-plain-copies goes with `reflect passphrase set` only.")
    if not protected:
        raise CliError("The database has no passphrase; use `reflect passphrase set` to add one.")
    current = _current_passphrase()
    stored_revision(paths.database, current)  # a wrong passphrase stops here, before any prompt for a new one
    if action == "change":
        return encryption.rekey(paths, current, _new_passphrase())
    return encryption.decrypt(paths, current)


def run_demo(paths: DataPaths, sessions: int, seed: int = 1, today: date | None = None) -> int:
    """Add `sessions` synthetic reflections; returns how many were added."""
    from itertools import islice

    from reflect import demo
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore
    from reflect.settings import load_settings

    database = _open_database(paths)
    try:
        catalog = load_catalog(paths.user_frameworks)
        framework = catalog.get(load_settings(paths.settings).framework_id) or catalog.default()
        store = ReflectionStore(database, catalog)
        records = demo.generate(framework, sessions, today or date.today(), seed)
        added = 0
        while added < sessions:
            added += store.save_many(islice(records, 1000))
            _progress(added, sessions)
        return added
    finally:
        database.close()


@contextmanager
def open_store(paths: DataPaths) -> Iterator[tuple[ReflectionStore, FrameworkCatalog, Settings]]:
    """The data folder's store, frameworks and settings; settings are saved on success if they changed
    (a command that only reads writes nothing, even while the app is open)."""
    from copy import deepcopy

    from reflect.data.private_data import apply_private, store_private
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore
    from reflect.settings import load_settings, save_settings

    database = _open_database(paths)
    try:
        catalog = load_catalog(paths.user_frameworks)
        settings = load_settings(paths.settings)
        apply_private(settings, database)
        loaded = deepcopy(settings)
        yield ReflectionStore(database, catalog), catalog, settings
        if settings != loaded:
            save_settings(paths.settings, settings)
            store_private(settings, database)
    finally:
        database.close()


def run_export(paths: DataPaths, fmt: str, out: Path, include_text: bool, allow_identifiers: bool = False,
               display_name: str | None = None) -> str:
    from reflect import exchange

    if include_text and fmt == "json":
        raise CliError("--include-text is for CSV; the JSON backup always holds everything.")
    if out.is_dir():
        raise CliError(f"{out} is a folder; give a file name to write.")
    if fmt == "team-summary":
        return cli_supervision.run_team_summary(paths, out, display_name)
    with open_store(paths) as (store, catalog, settings):
        if fmt == "json":
            count = exchange.export_json(store, catalog, settings, out)
        else:
            count = exchange.export_csv(
                store, catalog, out, include_text, _scanner_config(settings), allow_identifiers
            )
    return f"Exported {count:,} reflection{'s' if count != 1 else ''} to {out}"


def run_export_record(paths: DataPaths, args: argparse.Namespace) -> str:
    """One record as a Word file; the identifier scan must pass or be overridden by --allow-identifiers."""
    from reflect.word.export import IdentifiersFound, check_destination

    if args.format != "docx":
        raise CliError("One record is exported with --format docx; json and csv export everything.")
    if args.kind is None or args.record_id is None:
        raise CliError("Name the record for --format docx, e.g. `reflect export account ID --format docx --out FILE`.")
    check_destination(args.out)  # before the database is opened
    from reflect.cpd import CpdStore
    from reflect.cpd_data import load_cpd_catalog
    from reflect.word.export import Sources, prepare, write
    from reflect.word.layouts import load_layouts

    with open_store(paths) as (store, catalog, settings):
        sources = Sources(CpdStore(store.database), store, catalog, load_cpd_catalog(), load_layouts())
        content = prepare(sources, args.kind, args.record_id, args.layout)
        try:
            write(content, args.out, _scanner_config(settings), args.allow_identifiers)
        except IdentifiersFound as exc:
            raise CliError(f"{exc} Edit the record, or add --allow-identifiers to export it anyway.") from None
    return f"Wrote “{content.title}” ({content.kicker}) to {args.out}"


def run_import(paths: DataPaths, file: Path) -> str:
    from reflect import exchange
    from reflect.frameworks import load_catalog
    from reflect.import_checks import describe_ignored

    # checked fully (against the checklists installed here) before the database is opened
    document = exchange.read_document(file, load_catalog(paths.user_frameworks))
    with open_store(paths) as (store, _catalog, settings):
        result = exchange.import_document(store, document, settings)
    others = result.describe_others()
    ignored = describe_ignored(document.ignored_settings)
    return (
        f"Imported {file.name}: {result.added:,} added, {result.updated:,} updated, "
        f"{result.unchanged:,} already here" + (f"; also added {others}." if others else ".")
        + (f" {ignored}" if ignored else "")
    )


def run_calendar(paths: DataPaths, args: argparse.Namespace) -> int:
    """`calendar import` reads the whole file before touching the database; `calendar list` prints one day."""
    from datetime import datetime

    from reflect.calendar_import import (
        CalendarError,
        parse_calendar,
        read_calendar_file,
    )
    from reflect.expected_sessions import ExpectedSessionStore
    from reflect.settings import load_settings

    if args.calendar_command == "import":
        now = datetime.now()
        try:
            data = read_calendar_file(args.file)
        except CalendarError as exc:
            raise CliError(str(exc)) from exc
        default_setting = load_settings(paths.settings).last_setting
        try:  # a bad file stops here, before the database is opened
            parsed = parse_calendar(data, now, args.keyword, default_setting)
        except CalendarError as exc:
            raise CliError(f"{args.file.name}: {exc} Nothing was imported.") from exc
        database = _open_database(paths)
        try:
            store = ExpectedSessionStore(database)
            result = store.apply_import(parsed.sessions, parsed.cancelled, now, parsed.ignored)
        finally:
            database.close()
        print(parsed.describe(result))
        return 0
    database = _open_database(paths)
    try:
        sessions = ExpectedSessionStore(database).on_day(args.date)
    finally:
        database.close()
    for session in sessions:
        print(f"{session.start:%H:%M}\t{session.end:%H:%M}\t{session.setting}")
    if not sessions:
        print(f"No expected sessions on {args.date.isoformat()}.", file=sys.stderr)
    return 0


def _scanner_config(settings: Settings) -> ScannerConfig:
    """The identifier scanner with the user's names and patterns (one sentence if a pattern is bad)."""
    from reflect import privacy
    from reflect.day_names import names_in_force

    try:
        return privacy.build_scanner(names_in_force(settings, date.today()), settings.record_patterns)
    except privacy.PatternError as exc:
        raise CliError(str(exc)) from None


def _settings_with_private(paths: DataPaths) -> Settings:
    """Settings including the names and patterns kept in the database (when there is one)."""
    from reflect.settings import load_settings

    settings = load_settings(paths.settings)
    if paths.database.exists():
        from reflect.data.private_data import apply_private

        database = _open_database(paths)
        try:
            apply_private(settings, database)
        finally:
            database.close()
    return settings


def run_check_text(paths: DataPaths, text: str) -> int:
    """Print one masked line per finding; the same scanner and settings the app uses."""
    from reflect import privacy

    code, lines = privacy.check_text(text, _scanner_config(_settings_with_private(paths)))
    for line in lines:
        print(line)
    return code


def run_report_supervision(paths: DataPaths, args: argparse.Namespace) -> str:
    """Check the request before the database is opened, then write the PDF; returns the line to print."""
    from reflect.analytics import TrendFilter
    from reflect.reports.supervision import (
        ReportRequest,
        check_destination,
        write_supervision_report,
    )

    out: Path = args.out
    check_destination(out)  # before the database is opened
    if out.suffix.lower() != ".pdf":
        raise CliError(f"{out.name} does not end in .pdf; give the report a .pdf file name.")
    filters = TrendFilter(setting=args.setting, contact_type=args.contact_type, modality=args.modality,
                          tag=args.tag.strip().lower() if args.tag else None)
    password = None
    if args.password:
        password = os.environ.get(ENV_REPORT_PASSWORD) or _ask("PDF password: ", ENV_REPORT_PASSWORD)
    request = ReportRequest(args.start, args.end, filters, tuple(dict.fromkeys(args.include)), password)
    with open_store(paths) as (store, catalog, settings):
        write_supervision_report(out, store, catalog, settings, request)
    return f"Wrote the supervision report for {args.start.isoformat()} to {args.end.isoformat()} to {out}"


def run_report_cpd(paths: DataPaths, args: argparse.Namespace) -> str:
    """Check the request before the database is opened, then write the portfolio PDF."""
    from reflect.cpd import CpdStore
    from reflect.cpd_data import load_cpd_catalog
    from reflect.data.private_data import apply_private
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore
    from reflect.reports.cpd import CpdRequest, write_cpd_report
    from reflect.reports.supervision import check_destination
    from reflect.settings import load_settings

    out: Path = args.out
    check_destination(out)
    if out.suffix.lower() != ".pdf":
        raise CliError(f"{out.name} does not end in .pdf; give the report a .pdf file name.")
    request = CpdRequest(args.start, args.end, tuple(dict.fromkeys(args.account)) if args.account else None)
    database = _open_database(paths)
    try:
        catalog = load_catalog(paths.user_frameworks)
        settings = load_settings(paths.settings)
        apply_private(settings, database)
        write_cpd_report(
            out, CpdStore(database), ReflectionStore(database, catalog), catalog, load_cpd_catalog(user=paths),
            settings, request,
        )
    finally:
        database.close()
    return f"Wrote the CPD portfolio for {args.start.isoformat()} to {args.end.isoformat()} to {out}"


def finish_interrupted_conversion(paths: DataPaths) -> str | None:
    """At every start: a passphrase change killed halfway is finished before anything else."""
    from reflect.data import conversion
    from reflect.data.encryption import WrongPassphrase

    action = conversion.pending(paths)
    if action is None:
        return None
    needed = conversion.needed_passphrase(action)
    candidates = [value for value in map(os.environ.get, (ENV_PASSPHRASE, ENV_NEW_PASSPHRASE)) if value]
    if not candidates:
        candidates = [_ask(f"Finish the interrupted passphrase change; {needed}: ", ENV_PASSPHRASE)]
    for candidate in candidates:
        try:
            report = conversion.resume(paths, candidate)
        except WrongPassphrase:
            continue
        return "Finished an interrupted passphrase change: " + report.sentence(paths.root)
    raise WrongPassphrase(f"The passphrase is not right; finishing the interrupted change needs {needed}.")


SUPERVISION_WRITES = frozenset({"open", "respond", "import-response"})


def _writes(args: argparse.Namespace) -> bool:
    """Commands that change the data folder hold its one-writer lock (reflect/data/folder_lock.py)."""
    if args.command == "calendar":
        return bool(args.calendar_command == "import")
    if args.command == "supervision":
        return bool(args.supervision_command in SUPERVISION_WRITES)
    return args.command in WRITING_COMMANDS


def _run(args: argparse.Namespace) -> int:
    paths = resolve_data_dir(args.data_dir)
    if args.command is None:  # (the app finishes an interrupted conversion behind its own dialog)
        return _run_command(paths, args)
    from reflect.data import conversion

    if _writes(args) or conversion.pending(paths) is not None:
        from reflect.data.folder_lock import FolderLock

        with FolderLock(paths):  # refused in one sentence while the app or another writer runs
            finished = finish_interrupted_conversion(paths)
            if finished:
                print(finished, file=sys.stderr)
            return _run_command(paths, args)
    return _run_command(paths, args)


def _run_command(paths: DataPaths, args: argparse.Namespace) -> int:
    if args.command == "demo":
        added = run_demo(paths, args.sessions, args.seed)
        print(f"Added {added:,} synthetic reflections to {paths.database}")
        return 0
    if args.command == "calendar":
        return run_calendar(paths, args)
    if args.command == "export" and (args.format == "docx" or args.kind):
        print(run_export_record(paths, args))
        return 0
    if args.command == "export":
        print(run_export(paths, args.format, args.out, args.include_text, args.allow_identifiers, args.display_name))
        return 0
    if args.command == "import":
        print(run_import(paths, args.file))
        return 0
    if args.command == "check-text":
        return run_check_text(paths, sys.stdin.read())
    if args.command == "passphrase":
        print(run_passphrase(paths, args.action, args.delete_plain_copies))
        return 0
    if args.command == "backup":
        print(run_backup(paths))
        return 0
    if args.command == "restore":
        print(run_restore(paths, args.file))
        return 0
    if args.command == "supervision":
        print(cli_supervision.run(paths, args))
        return 0
    if args.command == "report":
        print(run_report_cpd(paths, args) if args.report_kind == "cpd" else run_report_supervision(paths, args))
        return 0
    from reflect.ui.app import run_app

    return run_app(paths)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except UserError as exc:
        print(f"reflect: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reflect: interrupted; nothing after the last saved batch was written.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"reflect: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1

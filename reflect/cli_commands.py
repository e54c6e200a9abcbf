"""The headless commands behind `reflect demo|export|import|calendar|check-text|passphrase|backup|restore|report`.

Each returns what to print (or an exit code); problems are a CliError or another UserError,
which ``reflect.cli.main`` prints as one sentence. Heavy modules are imported inside them.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path

from reflect import cli_supervision
from reflect.cli_support import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ENV_REPORT_PASSWORD,
    CliError,
    ask,
    current_passphrase,
    new_passphrase,
    open_data,
    open_store,
    progress,
    settings_with_private,
)
from reflect.grammar import plural
from reflect.paths import DataPaths


def run_backup(paths: DataPaths) -> str:
    from reflect.data import backups

    database = open_data(paths)  # checks the passphrase and the file's integrity first
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
    passphrase = current_passphrase() if is_encrypted(file) or was_encrypted else None
    safety = backups.restore(paths, file, passphrase)
    open_data(paths).close()  # migrates an older backup (after its own safety copy)
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
        done = encryption.encrypt(paths, new_passphrase(), delete_plain_copies)
        return f"{done} Commands will ask for the passphrase or read {ENV_PASSPHRASE}."
    if delete_plain_copies:
        raise CliError("--delete-plain-copies goes with `reflect passphrase set` only.")
    if not protected:
        raise CliError("The database has no passphrase; use `reflect passphrase set` to add one.")
    current = current_passphrase()
    stored_revision(paths.database, current)  # a wrong passphrase stops here, before any prompt for a new one
    if action == "change":
        return encryption.rekey(paths, current, new_passphrase())
    return encryption.decrypt(paths, current)


def run_demo(paths: DataPaths, sessions: int, seed: int = 1, today: date | None = None,
             now: datetime | None = None) -> int:
    """Add `sessions` synthetic reflections, none ending after `now`; returns how many were added."""
    from itertools import islice

    from reflect import demo
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore
    from reflect.settings import load_settings

    database = open_data(paths)
    try:
        catalog = load_catalog(paths.user_frameworks)
        framework = catalog.get(load_settings(paths.settings).framework_id) or catalog.default()
        store = ReflectionStore(database, catalog)
        records = demo.generate(framework, sessions, today or date.today(), seed, now)
        added = 0
        while added < sessions:
            added += store.save_many(islice(records, 1000))
            progress(added, sessions)
        return added
    finally:
        database.close()


def run_export(paths: DataPaths, fmt: str, out: Path, include_text: bool, allow_identifiers: bool = False,
               display_name: str | None = None) -> str:
    from reflect import exchange
    from reflect.day_names import scanner_config

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
                store, catalog, out, include_text, scanner_config(settings), allow_identifiers
            )
    return f"Exported {plural(count, 'reflection')} to {out}"


def run_export_record(paths: DataPaths, args: argparse.Namespace) -> str:
    """One record as a Word file; the identifier scan must pass or be overridden by --allow-identifiers."""
    from reflect.day_names import scanner_config
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
            write(content, args.out, scanner_config(settings), args.allow_identifiers)
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
        database = open_data(paths)
        try:
            store = ExpectedSessionStore(database)
            result = store.apply_import(parsed.sessions, parsed.cancelled, now, parsed.ignored)
        finally:
            database.close()
        print(parsed.describe(result))
        return 0
    database = open_data(paths)
    try:
        sessions = ExpectedSessionStore(database).on_day(args.date)
    finally:
        database.close()
    for session in sessions:
        print(f"{session.start:%H:%M}\t{session.end:%H:%M}\t{session.setting}")
    if not sessions:
        from reflect.wording import day_text

        print(f"No expected sessions on {day_text(args.date)}.", file=sys.stderr)
    return 0


def run_check_text(paths: DataPaths, text: str) -> int:
    """Print one masked line per finding; the same scanner and settings the app uses."""
    from reflect import privacy
    from reflect.day_names import scanner_config

    code, lines = privacy.check_text(text, scanner_config(settings_with_private(paths)))
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
        password = os.environ.get(ENV_REPORT_PASSWORD) or ask("PDF password: ", ENV_REPORT_PASSWORD)
    request = ReportRequest(args.start, args.end, filters, tuple(dict.fromkeys(args.include)), password)
    with open_store(paths) as (store, catalog, settings):
        write_supervision_report(out, store, catalog, settings, request)
    from reflect.wording import days_text

    return f"Wrote the supervision report for {days_text(args.start, args.end)} to {out}"


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
    database = open_data(paths)
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
    from reflect.wording import days_text

    return f"Wrote the CPD portfolio for {days_text(args.start, args.end)} to {out}"


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
        candidates = [ask(f"Finish the interrupted passphrase change; {needed}: ", ENV_PASSPHRASE)]
    for candidate in candidates:
        try:
            report = conversion.resume(paths, candidate)
        except WrongPassphrase:
            continue
        return "Finished an interrupted passphrase change: " + report.sentence(paths.root)
    raise WrongPassphrase(f"The passphrase is not right; finishing the interrupted change needs {needed}.")

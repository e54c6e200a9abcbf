"""`reflect supervision …` and `reflect export --format team-summary`: the supervision loop, headless.

Registered from ``reflect.cli``; heavy modules are imported only inside the commands.
Pack and response passphrases come from REFLECT_PACK_PASSPHRASE or a prompt (typed twice
when sealing, so a typo cannot lock the other person out).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from reflect.errors import UserError
from reflect.paths import DataPaths
from reflect.supervision.document import MAX_REFLECTIONS

ENV_PACK_PASSPHRASE = "REFLECT_PACK_PASSPHRASE"
COMMENTS_EXAMPLE = """\
discussed_on = "2026-11-20"   # the day of the supervision (default: today)
hours = 1.0                   # its length, for the CPD log
overall = "An overall note."
actions = ["An agreed action", "Another"]

[sign_off]
name = "Your name"
role = "Your role"
registration = ""             # optional, e.g. a GMC number or NMC PIN
email = ""                    # optional; with an NMC PIN it fills the NMC reflective discussion form
date = "2026-11-20"           # default: today

[reflections]                 # comments by reflection id (as listed by `supervision open`)
"0123abcd…" = "A comment"

[tips]                        # comments on a tip's trend, by tip id
hope = "A comment"
"""


class SupervisionCliError(UserError):
    """A problem with a supervision command's arguments."""


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser,
               iso_date: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `supervision pack|open|respond|import-response` to the `reflect` parser."""
    supervision = commands.add_parser(
        "supervision", parents=[common], help="encrypted supervision packs and signed responses",
        description=f"Passphrases are read from {ENV_PACK_PASSPHRASE} or typed at a prompt.",
    )
    actions = supervision.add_subparsers(dest="supervision_command", metavar="ACTION", required=True,
                                         parser_class=parser_class)
    pack = actions.add_parser("pack", parents=[common], help="seal a pack for your supervisor")
    pack.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    pack.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    pack.add_argument("--include", nargs="+", default=[], metavar="ID",
                      help=f"reflections whose text travels (at most {MAX_REFLECTIONS}; scanned for identifiers first)")
    goals = pack.add_mutually_exclusive_group()
    goals.add_argument("--goal", nargs="+", metavar="ID", help="goals to include (default: none)")
    goals.add_argument("--all-goals", action="store_true", help="include every goal not yet achieved or stopped")
    goals.add_argument("--no-goals", action="store_true", help="include no goals (the default)")
    pack.add_argument("--out", required=True, metavar="FILE", type=Path)
    open_ = actions.add_parser("open", parents=[common], help="supervisor: file a supervisee's pack under a name")
    open_.add_argument("file", metavar="FILE", type=Path)
    open_.add_argument("--name", required=True, help="the supervisee's name as you want to file it")
    respond = actions.add_parser(
        "respond", parents=[common], help="supervisor: seal comments, agreed actions and sign-off",
        description="The comments file (TOML, or JSON with the same keys) looks like:\n\n" + COMMENTS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    respond.add_argument("--name", required=True, help="the supervisee, as filed with `supervision open`")
    respond.add_argument("--pack", metavar="ID", help="which of their packs (default: the latest)")
    respond.add_argument("--comments", required=True, metavar="FILE", type=Path)
    respond.add_argument("--out", required=True, metavar="FILE", type=Path)
    import_ = actions.add_parser("import-response", parents=[common], help="attach a supervisor's response")
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.add_argument("--accept", nargs="+", type=int, default=[], metavar="N",
                         help="agreed actions (by number) to take on as development goals")
    import_.add_argument("--accept-all", action="store_true", help="take on every agreed action as a goal")
    import_.add_argument("--allow-identifiers", action="store_true",
                         help="import even if the identifier scanner flags a comment")
    team = actions.add_parser("team", parents=[common],
                              help="team lead: pool team summaries into a table (suppressed cells marked)")
    team.add_argument("files", nargs="+", metavar="FILE", type=Path)


def _passphrase(sealing: bool) -> str:
    from reflect.cli_support import ask

    value = os.environ.get(ENV_PACK_PASSPHRASE)
    if value:
        return value
    first = ask("Pack passphrase: ", ENV_PACK_PASSPHRASE)
    if sealing and ask("Type the pack passphrase again: ", ENV_PACK_PASSPHRASE) != first:
        raise SupervisionCliError("The two passphrases are not the same; nothing was written.")
    return first


def run(paths: DataPaths, args: argparse.Namespace) -> str:
    command = args.supervision_command
    if command == "pack":
        return run_pack(paths, args)
    if command == "open":
        return run_open(paths, args)
    if command == "respond":
        return run_respond(paths, args)
    if command == "team":
        return run_team(args.files)
    return run_import_response(paths, args)


def run_pack(paths: DataPaths, args: argparse.Namespace) -> str:
    from reflect.cli_support import open_store
    from reflect.cpd import CpdStore
    from reflect.cpd_data import load_templates
    from reflect.day_names import scanner_config
    from reflect.supervision.document import check_destination, check_passphrase
    from reflect.supervision.pack import PackRequest, build_pack, write_pack
    from reflect.supervision.practitioner import SupervisionStore

    request = PackRequest(args.start, args.end, tuple(args.include),
                          None if args.all_goals else tuple(args.goal or ()))  # goals travel only when chosen
    check_destination(args.out)
    passphrase = _passphrase(sealing=True)
    check_passphrase(passphrase)
    with open_store(paths) as (store, catalog, settings):
        scanner_config(settings)
        data = build_pack(store, CpdStore(store.database), catalog, settings, request,
                          templates=load_templates(user=paths))
        write_pack(args.out, data, passphrase)
        SupervisionStore(store.database).remember_sent(data)
    from reflect.grammar import plural
    from reflect.wording import days_text

    texts = len(data["reflections"])
    return (f"Wrote a supervision pack for {days_text(args.start, args.end)} "
            f"({plural(data['trend']['sessions'], 'reflection')} in the trend summary, the text of {texts}) "
            f"to {args.out}")


def run_open(paths: DataPaths, args: argparse.Namespace) -> str:
    from reflect.cli_support import open_data, settings_with_private
    from reflect.day_names import scanner_config
    from reflect.supervision.pack import pack_texts, read_pack
    from reflect.supervision.scanning import find_identifiers
    from reflect.supervision.supervisor import SuperviseeStore
    from reflect.wording import days_text, moment_text

    pack, data = read_pack(args.file, _passphrase(sealing=False))
    problems = find_identifiers(pack_texts(pack), scanner_config(settings_with_private(paths)))
    database = open_data(paths)
    try:
        stored = SuperviseeStore(database).receive(args.name, pack, data)
    finally:
        database.close()
    lines = [f"Filed the pack for {days_text(stored.start, stored.end)} under {stored.supervisee} (pack {pack.id})."]
    lines += [f"{r.id}\t{moment_text(r.occurred_at)}\t{r.session}" for r in pack.reflections]
    if problems:
        print("reflect: note: the scanner found " + "; ".join(p.describe() for p in problems)
              + " in this pack; tell your supervisee.", file=sys.stderr)
    return "\n".join(lines)


def _read_comments(path: Path) -> dict[str, Any]:
    from reflect.user_files import UnreadableFile, read_text

    try:
        raw = read_text(path)
    except UnreadableFile as exc:
        raise SupervisionCliError(f"{path} {exc.problem}.") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SupervisionCliError(f"{path.name} is not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {exc}.") from exc
    if not isinstance(data, dict):
        raise SupervisionCliError(f"{path.name} must hold a table of comments.")
    return data


def _text_map(data: dict[str, Any], key: str, name: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SupervisionCliError(f"In {name}, [{key}] must map ids to comment texts.")
    return {str(k): v for k, v in value.items()}


def _day(value: Any, what: str, name: str) -> date:
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SupervisionCliError(f"In {name}, {what} must be a date as YYYY-MM-DD.") from None


def response_from_comments(data: dict[str, Any], name: str, pack: Any, base: Any) -> Any:
    """The response a comments file describes, checked against the pack."""
    from dataclasses import replace

    from reflect.supervision.response import SignOff, with_comments

    sign = data.get("sign_off", {})
    actions = data.get("actions", [])
    hours = data.get("hours", base.hours)
    if not isinstance(sign, dict) or not all(
        isinstance(sign.get(k, ""), str) for k in ("name", "role", "registration", "email")
    ):
        raise SupervisionCliError(f"In {name}, [sign_off] needs name, role and optionally registration and email as text.")
    if not isinstance(actions, list) or not all(isinstance(a, str) and a.strip() for a in actions):
        raise SupervisionCliError(f"In {name}, actions must be a list of texts.")
    if not isinstance(hours, (int, float)) or isinstance(hours, bool):
        raise SupervisionCliError(f"In {name}, hours must be a number.")
    overall = data.get("overall", "")
    if not isinstance(overall, str):
        raise SupervisionCliError(f"In {name}, overall must be text.")
    response = replace(
        base, discussed_on=_day(data.get("discussed_on"), "discussed_on", name), hours=float(hours),
        overall=overall.strip(), actions=tuple(a.strip() for a in actions),
        sign_off=SignOff(sign.get("name", "").strip(), sign.get("role", "").strip(),
                         _day(sign.get("date"), "sign_off.date", name), sign.get("registration", "").strip(),
                         sign.get("email", "").strip()),
    )
    return with_comments(response, pack, _text_map(data, "reflections", name), _text_map(data, "tips", name))


def run_respond(paths: DataPaths, args: argparse.Namespace) -> str:
    from reflect.cli_support import open_data, settings_with_private
    from reflect.day_names import scanner_config
    from reflect.supervision.document import check_destination, check_passphrase
    from reflect.supervision.response import check_ready, write_response
    from reflect.supervision.supervisor import SuperviseeStore

    check_destination(args.out)
    comments = _read_comments(args.comments)
    config = scanner_config(settings_with_private(paths))
    database = open_data(paths)
    try:
        supervisees = SuperviseeStore(database)
        pack_id = args.pack or supervisees.latest_pack(args.name).id
        pack = supervisees.pack(pack_id)
        response = response_from_comments(comments, args.comments.name, pack, supervisees.response(pack_id))
        check_ready(response)
        passphrase = _passphrase(sealing=True)
        check_passphrase(passphrase)
        sent = write_response(args.out, response, config, passphrase)
        supervisees.save_response(sent)
    finally:
        database.close()
    from reflect.grammar import plural

    return (f"Wrote the signed response to {pack.practitioner or args.name}'s pack "
            f"({plural(len(sent.reflection_comments), 'reflection comment')}, "
            f"{plural(len(sent.tip_comments), 'tip comment')}, {plural(len(sent.actions), 'agreed action')}) "
            f"to {args.out}")


def run_import_response(paths: DataPaths, args: argparse.Namespace) -> str:
    from reflect.cli_support import open_data, settings_with_private
    from reflect.day_names import scanner_config
    from reflect.supervision.practitioner import SupervisionStore
    from reflect.supervision.response import read_response

    response = read_response(args.file, _passphrase(sealing=False))
    accepted = range(1, len(response.actions) + 1) if args.accept_all else args.accept
    settings = settings_with_private(paths)
    config = scanner_config(settings)
    database = open_data(paths)
    try:
        summary = SupervisionStore(database).record(response, settings, config, accepted, args.allow_identifiers)
    finally:
        database.close()
    actions = "".join(f"\n  {i}. {a}" for i, a in enumerate(response.actions, start=1))
    nmc = " and an NMC reflective discussion record" if summary.discussion_id else ""
    from reflect.grammar import plural
    from reflect.wording import day_text

    return (f"Imported the supervision of {day_text(summary.day)} with {summary.supervisor}: "
            f"{plural(summary.comments, 'comment')}, {plural(summary.goals, 'new goal')}, "
            f"a participatory CPD entry with the signed record{nmc}."
            + (f"\nAgreed actions:{actions}" if actions else ""))


def run_team_summary(paths: DataPaths, out: Path, display_name: str | None) -> str:
    from reflect.cli_support import open_store
    from reflect.supervision.team import build_team_summary, write_team_summary

    with open_store(paths) as (store, catalog, settings):
        summary = build_team_summary(store, catalog, settings, display_name)
    from reflect.grammar import plural

    write_team_summary(out, summary)
    return (f"Wrote the team summary for {summary['display_name']} ({plural(len(summary['weeks']), 'week')}, counts "
            f"only) to {out}")


def run_team(files: list[Path]) -> str:
    """The Team page as a tab-separated table: one row per tip and week, then each tip over all weeks."""
    from reflect.supervision.team import SUPPRESSION_RULE, TeamCell, TeamView, pool, read_team_summary

    view = pool([read_team_summary(f) for f in files])

    def row(label: str, when: str, cell: TeamCell) -> str:
        if cell.suppressed:
            return f"{label}\t{when}\tsuppressed\t\t"
        rate = cell.rate.describe() if cell.rate is not None else "no ratings"
        return f"{label}\t{when}\t{rate}\t{cell.sessions}\t{cell.practitioners}"

    lines = [f"{view.framework_title}: {', '.join(view.practitioners)}. {SUPPRESSION_RULE}",
             "tip\tweek\trate\tsessions\tpractitioners"]
    for tip_id, label in view.tips:
        lines += [row(label, TeamView.week_label(week), view.cells[(week, tip_id)]) for week in view.weeks]
        lines.append(row(label, "all weeks", view.overall[tip_id]))
    return "\n".join(lines)

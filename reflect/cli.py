"""Command line: `reflect` opens the app; subcommands work headless (``reflect.cli_parser``).

Errors are one sentence on stderr and a non-zero exit, never a traceback.
Heavy libraries (Qt, SQLAlchemy) are imported only on the path that needs them, and
`reflect` alone (with at most ``--data-dir``) opens the window without building the
subcommands' parser: people open Reflect between appointments, and wait for its first paint.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reflect.cli_support import add_data_dir
from reflect.errors import UserError
from reflect.paths import DataPaths, resolve_data_dir

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _app_only(arguments)
        if args is None:
            from reflect import cli_parser

            args = cli_parser.build_parser().parse_args(arguments)
            if args.command is not None:
                return cli_parser.run(args)
        return _open_app(resolve_data_dir(args.data_dir))
    except UserError as exc:
        print(f"reflect: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reflect: interrupted; nothing after the last saved batch was written.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"reflect: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1


def _app_only(arguments: list[str]) -> argparse.Namespace | None:
    """The arguments (``data_dir``) when they only open the app; None for anything else (a
    subcommand, --help, a mistake), which the whole parser then reads."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    add_data_dir(parser)
    try:
        known, rest = parser.parse_known_args(arguments)
    except argparse.ArgumentError:
        return None
    return None if rest else known


def _open_app(paths: DataPaths) -> int:
    """The window (the app finishes an interrupted conversion behind its own dialog)."""
    from reflect.ui.collector_pause import COLLECTOR  # loads Qt, after capturing Python's own import

    COLLECTOR.pause_for_start_up()  # start-up's objects all live on: resumed once it is done
    from reflect.ui.app import run_app

    return run_app(paths)

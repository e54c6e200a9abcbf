"""The shape of the code: no import cycles in reflect/, and a Qt-free core.

A cycle makes modules impossible to understand (or load) one at a time, and was held
together by function-level imports before; the Qt-free core is what lets the command line,
the reports and the tests run without a display (DESIGN.md, "Principles").
"""

from __future__ import annotations

import copy
import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import reflect

QT_PACKAGES = ("PySide6", "shiboken6", "pyqtgraph")
MAX_LINES = 400  # a module a newcomer can read in one sitting (STYLE.md)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import that runs, at module level or inside a function; imports under
    ``if TYPE_CHECKING:`` (a page's tabs naming the page's type) never run, so they are left out."""
    return grimp.build_graph("reflect", include_external_packages=True, exclude_type_checking_imports=True)


def _is_ui(module: str) -> bool:
    return module == "reflect.ui" or module.startswith("reflect.ui.")


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Each group of modules that import one another in a loop (what a module imports, directly or
    not, and what imports it, together), sorted."""
    groups = set()
    for module in modules:
        loop = graph.find_upstream_modules(module) & graph.find_downstream_modules(module) & modules
        if loop:
            groups.add(tuple(sorted(loop | {module})))
    return [list(group) for group in sorted(groups)]


@pytest.mark.parametrize("part", ["core", "ui"])
def test_no_module_in_reflect_is_part_of_an_import_cycle(graph: grimp.ImportGraph, part: str) -> None:
    ours = {m for m in graph.modules if m == "reflect" or m.startswith("reflect.")}
    modules = {m for m in ours if _is_ui(m) == (part == "ui")}
    assert _cycles(graph, modules) == []


@pytest.mark.parametrize("part", ["core", "ui"])
def test_no_module_in_reflect_is_longer_than_400_lines(part: str) -> None:
    files = [f for f in (ROOT / "reflect").rglob("*.py") if (f.relative_to(ROOT).parts[1] == "ui") == (part == "ui")]
    assert len(files) > 10
    long = {str(f.relative_to(ROOT)): n for f in files if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_cycle_finder_finds_a_cycle(graph: grimp.ImportGraph) -> None:
    """The check above can fail: an added back edge is reported with every module on its loop."""
    graph = copy.deepcopy(graph)
    graph.add_import(importer="reflect.data.sqlite_file", imported="reflect.data.db")
    cycles = _cycles(graph, {m for m in graph.modules if m.startswith("reflect.data")})
    assert cycles == [["reflect.data.backups", "reflect.data.db", "reflect.data.sqlite_file"]]


def test_nothing_outside_reflect_ui_imports_qt(graph: grimp.ImportGraph) -> None:
    importers = {
        module
        for package in QT_PACKAGES
        if package in graph.modules
        for module in graph.find_modules_that_directly_import(package)
    }
    assert sorted(m for m in importers if not _is_ui(m)) == []


def test_only_the_launcher_reaches_into_the_ui(graph: grimp.ImportGraph) -> None:
    """`reflect` without a subcommand opens the window; no other core module may depend on the UI."""
    core = {m for m in graph.modules if m.startswith("reflect.") and not _is_ui(m)}
    reaching = {m for m in core if any(_is_ui(i) for i in graph.find_modules_directly_imported_by(m))}
    assert reaching == {"reflect.cli"}


def test_importing_every_core_module_loads_no_qt() -> None:
    names = [
        info.name
        for info in pkgutil.walk_packages(reflect.__path__, "reflect.")
        if not _is_ui(info.name)
        and not info.name.startswith("reflect.data.migrations")  # Alembic runs those
        and info.name != "reflect.__main__"  # importing it starts Reflect
    ]
    assert "reflect.cli" in names and "reflect.data.sqlite_file" in names
    program = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(p for p in {QT_PACKAGES!r} if p in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

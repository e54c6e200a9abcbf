"""Files a user puts in the data folder: only regular files up to 1 MB are read; built-ins win on a clash."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cpd_data import load_cpd_catalog
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.resources import resource_dir

ROOT = Path(__file__).resolve().parent.parent
BUILT_IN = resource_dir()
MINE = (BUILT_IN / "frameworks" / "ten-top-tips-2007.toml").read_text(encoding="utf-8").replace(
    'id = "ten-top-tips-2007"', 'id = "my-checklist"', 1)
MY_TEMPLATE = (BUILT_IN / "templates" / "gibbs.toml").read_text(encoding="utf-8").replace(
    'id = "gibbs"', 'id = "my-gibbs"', 1)
MY_SCHEME = (BUILT_IN / "schemes" / "nmc.toml").read_text(encoding="utf-8").replace('id = "nmc"', 'id = "my-nmc"', 1)


def hostile(folder: Path, valid: str) -> None:
    """A valid file, a FIFO, a link to /dev/zero and a file over 1 MB in one user folder."""
    folder.mkdir(parents=True)
    (folder / "a-valid.toml").write_text(valid, encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "huge.toml").write_text("# " + "x" * (1024 * 1024), encoding="utf-8")


def run_reflect(*argv: str, data: Path) -> subprocess.CompletedProcess[str]:
    """The command line in its own process: a hang becomes a timeout (a failure), not a stuck test run."""
    env = dict(os.environ, REFLECT_HOME=str(data))
    return subprocess.run([sys.executable, "-m", "reflect", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_a_fifo_a_device_link_and_a_huge_checklist_are_skipped_without_hanging(tmp_path: Path) -> None:
    data = tmp_path / "data"
    hostile(data / "frameworks", MINE)
    done = run_reflect("export", "--format", "csv", "--out", str(tmp_path / "out.csv"), data=data)
    assert done.returncode == 0, done.stderr
    err = done.stderr
    assert "pipe.toml" in err and "named pipe (FIFO)" in err
    assert "zero.toml" in err and "a device" in err
    assert "huge.toml" in err and "larger than 1 MB" in err
    assert "a-valid.toml" not in err  # the good one was read
    catalog = load_catalog(DataPaths(data).user_frameworks)
    assert "my-checklist" in catalog.frameworks
    assert {Path(e.file).name for e in catalog.errors} == {"pipe.toml", "zero.toml", "huge.toml"}


def test_templates_and_schemes_are_read_the_same_way(tmp_path: Path) -> None:
    data = tmp_path / "data"
    hostile(data / "templates", MY_TEMPLATE)
    hostile(data / "schemes", MY_SCHEME)
    probe = (
        "import sys; from pathlib import Path; from reflect.cpd_data import load_cpd_catalog;"
        "from reflect.paths import DataPaths; c = load_cpd_catalog(user=DataPaths(Path(sys.argv[1])));"
        "print(sorted(c.templates), sorted(c.schemes))"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(data)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "'my-gibbs'" in done.stdout and "'my-nmc'" in done.stdout
    for kind in ("template", "scheme"):
        for name in ("pipe.toml", "zero.toml", "huge.toml"):
            assert f"Skipped the {kind} file" in done.stderr and name in done.stderr


def test_an_id_clash_with_a_built_in_is_one_message_in_the_log_and_on_stderr_and_the_built_in_wins(
    paths: DataPaths, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder, text in ((paths.user_frameworks, MINE.replace('"my-checklist"', '"ten-top-tips-2008"')),
                         (paths.user_templates, MY_TEMPLATE.replace('"my-gibbs"', '"gibbs"')),
                         (paths.user_schemes, MY_SCHEME.replace('"my-nmc"', '"nmc"'))):
        folder.mkdir(parents=True)
        (folder / "clash.toml").write_text(text.replace('title = "', 'title = "My copy of ', 1), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        catalog = load_catalog(paths.user_frameworks)
        cpd = load_cpd_catalog(user=paths)
        load_cpd_catalog(user=paths)  # as a later page does: no second message
    assert not catalog.frameworks["ten-top-tips-2008"].title.startswith("My copy")
    assert not cpd.templates["gibbs"].title.startswith("My copy")
    assert not cpd.schemes["nmc"].title.startswith("My copy")
    err = capsys.readouterr().err
    logged = [r.getMessage() for r in caplog.records if "clash.toml" in r.getMessage()]
    for kind, clashing in (("checklist", "ten-top-tips-2008"), ("template", "gibbs"), ("scheme", "nmc")):
        expected = f"'{clashing}' is already defined by a built-in {kind}; the built-in one is used"
        assert sum(expected in line for line in err.splitlines()) == 1
        assert sum(expected in message for message in logged) == 1

"""Files handed to Reflect by someone else (packs, responses, team summaries, comments, backups)
and settings.json: a named pipe or a link to /dev/zero is refused in one sentence, never read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_reflect(*argv: str, data: Path) -> subprocess.CompletedProcess[str]:
    """In its own process with a timeout: a hang or a memory blow-up fails the test instead of the run."""
    env = dict(os.environ, REFLECT_HOME=str(data), REFLECT_PACK_PASSPHRASE="a long enough pack passphrase")
    return subprocess.run([sys.executable, "-m", "reflect", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    os.mkfifo(tmp_path / "pipe.reflectpack")
    (tmp_path / "zero.reflectpack").symlink_to("/dev/zero")
    return {"pipe": tmp_path / "pipe.reflectpack", "zero": tmp_path / "zero.reflectpack"}


COMMANDS = {
    "open": lambda f, out: ["supervision", "open", str(f), "--name", "Z"],
    "import-response": lambda f, out: ["supervision", "import-response", str(f)],
    "team": lambda f, out: ["supervision", "team", str(f)],
    "restore": lambda f, out: ["restore", str(f)],
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fifo_or_a_link_to_dev_zero_is_refused_in_one_sentence(
    command: str, hostile: dict[str, Path], tmp_path: Path
) -> None:
    for kind, expected in (("pipe", "named pipe (FIFO)"), ("zero", "a device")):
        done = run_reflect(*COMMANDS[command](hostile[kind], tmp_path), data=tmp_path / "data")
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert expected in done.stderr and "not a regular file" in done.stderr
        assert "does not exist" not in done.stderr


def test_supervisor_comments_that_are_a_pipe_are_refused(tmp_path: Path) -> None:
    comments = tmp_path / "comments.toml"
    os.mkfifo(comments)
    probe = ("import sys; from pathlib import Path; from reflect.cli_supervision import _read_comments\n"
             "try:\n    _read_comments(Path(sys.argv[1]))\nexcept Exception as exc:\n    print(exc)")
    done = subprocess.run([sys.executable, "-c", probe, str(comments)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert "is a named pipe (FIFO), not a regular file" in done.stdout


@pytest.mark.slow
def test_a_settings_file_linked_to_dev_zero_does_not_hang_every_command(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").symlink_to("/dev/zero")
    done = run_reflect("export", "--format", "csv", "--out", str(tmp_path / "out.csv"), data=data)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.csv").exists()

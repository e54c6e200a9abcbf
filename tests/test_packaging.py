"""Build recipes for Windows and macOS, checked where they can be without those systems.

The .icns and .ico are parsed back and every image checked; the installer script, the
PyInstaller spec, start at login and the CI workflow are checked to name the same
executable, icon and identifier, so a rename in one is caught before a build elsewhere.
"""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path
from types import ModuleType

import pytest

from reflect.autostart import GUI_EXECUTABLE, macos, windows

ROOT = Path(__file__).resolve().parent.parent


def _bundle_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_icons", ROOT / "packaging" / "bundle_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icns_holds_every_size_as_png(tmp_path: Path) -> None:
    icons = _bundle_icons()
    mac, _ = icons.write_icons(tmp_path)
    data = mac.read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found = {}
    offset = 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack(">I", data[offset + 4:offset + 8])[0]
        found[kind] = icons.png_size(data[offset + 8:offset + length])
        offset += length
    assert offset == len(data)
    assert found == {
        b"icp4": (16, 16), b"icp5": (32, 32), b"icp6": (64, 64), b"ic07": (128, 128), b"ic08": (256, 256),
        b"ic09": (512, 512), b"ic11": (32, 32), b"ic12": (64, 64), b"ic13": (256, 256), b"ic14": (512, 512),
    }


def test_ico_indexes_every_size_up_to_256(tmp_path: Path) -> None:
    icons = _bundle_icons()
    _, win = icons.write_icons(tmp_path)
    data = win.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    sizes = []
    for index in range(count):
        width, height, _colours, _r, planes, bits, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index:22 + 16 * index]
        )
        pixels = icons.png_size(data[offset:offset + size])
        assert pixels == (width or 256, height or 256) and (planes, bits) == (1, 32)
        sizes.append(pixels[0])
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_a_mislabelled_png_is_named(tmp_path: Path) -> None:
    icons = _bundle_icons()
    (tmp_path / "reflect-32.png").write_bytes((ROOT / "resources" / "icons" / "reflect-16.png").read_bytes())
    with pytest.raises(ValueError, match=r"reflect-32.png is \(16, 16\) pixels"):
        icons.read_pngs(tmp_path)


def test_installer_spec_and_start_at_login_agree() -> None:
    spec = (ROOT / "reflect.spec").read_text(encoding="utf-8")
    script = (ROOT / "packaging" / "windows" / "reflect.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", script, re.MULTILINE)  # no administrator rights
    assert "HKLM" not in script and "{autopf}" in script  # per user: %LOCALAPPDATA%\Programs
    assert f'name="{GUI_EXECUTABLE}"' in spec and f"{{app}}\\{GUI_EXECUTABLE}.exe" in script
    assert 'Path(workpath) / "icons"' in spec and r"build\reflect\icons\reflect.ico" in script
    assert f'bundle_identifier="{macos.LABEL}"' in spec
    assert windows.RUN_KEY in script and f"/v {windows.VALUE_NAME} " in script  # the uninstaller removes it


def test_workflow_builds_and_smoke_tests_on_three_systems() -> None:
    workflow = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    assert "os: [ubuntu-latest, windows-latest, macos-latest]" in workflow
    steps = [line.strip() for line in workflow.splitlines() if line.strip().startswith("run: ") and "|" not in line]
    assert steps[:4] == [
        "run: uv sync --frozen", "run: uv run --frozen ruff check reflect tests", "run: uv run --frozen pytest",
        "run: bash packaging/smoke_test.sh",
    ]
    assert "packaging\\windows\\reflect.iss" in workflow and "dist/Reflect.app" in workflow

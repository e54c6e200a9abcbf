"""Pack the rendered PNG icons into a macOS .icns and a Windows .ico, with no image library.

Both formats are a small index over PNG images: an .icns is "icns", its length, then one
(type, length, PNG) record per size; an .ico is a header, one 16-byte entry per size and
the PNGs (Windows Vista and later read PNG entries). ``reflect.spec`` calls ``write_icons``
before a Windows or macOS build; run ``uv run python packaging/bundle_icons.py DIR`` to
make them by hand. The PNGs come from ``packaging/render_icons.py`` (rendered from the SVG).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# icns record types holding PNG data, by pixel size; the @2x types reuse the larger images
ICNS_TYPES: tuple[tuple[bytes, int], ...] = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # an .ico entry is at most 256 pixels


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def read_pngs(folder: Path = ICONS) -> dict[int, bytes]:
    """The square reflect-<size>.png images in ``folder``, by size (each checked against its name)."""
    images = {}
    for path in sorted(folder.glob("reflect-*.png")):
        data = path.read_bytes()
        size = int(path.stem.removeprefix("reflect-"))
        if png_size(data) != (size, size):
            raise ValueError(f"{path.name} is {png_size(data)} pixels, not {size}×{size}")
        images[size] = data
    return images


def icns(images: dict[int, bytes]) -> bytes:
    records = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES if size in images
    )
    return b"icns" + struct.pack(">I", 8 + len(records)) + records


def ico(images: dict[int, bytes]) -> bytes:
    sizes = [size for size in ICO_SIZES if size in images]
    offset = 6 + 16 * len(sizes)
    entries, data = b"", b""
    for size in sizes:
        image = images[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset + len(data))
        data += image
    return struct.pack("<HHH", 0, 1, len(sizes)) + entries + data


def write_icons(target: Path, folder: Path = ICONS) -> tuple[Path, Path]:
    """Write reflect.icns and reflect.ico into ``target``; returns their paths."""
    images = read_pngs(folder)
    target.mkdir(parents=True, exist_ok=True)
    mac, windows = target / "reflect.icns", target / "reflect.ico"
    mac.write_bytes(icns(images))
    windows.write_bytes(ico(images))
    return mac, windows


if __name__ == "__main__":
    for written in write_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")):
        print(written)

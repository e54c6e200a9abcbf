"""The envelope of supervision files: versioned, checksummed JSON sealed with a passphrase.

The checksum covers the canonical data as in the JSON backup; AES-GCM (``reflect.crypto``)
already refuses any changed byte, so a tampered file and a wrong passphrase read the same
(the cipher cannot tell them apart). Every problem is one sentence in SupervisionFileError.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect import __version__
from reflect.crypto import SealError, is_sealed, seal, unseal
from reflect.errors import UserError
from reflect.user_files import UnreadableFile, read_bytes

SCHEMA_VERSION = 1
KINDS = {
    "pack": "reflect-supervision-pack",
    "response": "reflect-supervision-response",
}
NOUNS = {"pack": "supervision pack", "response": "supervision response"}
MIN_PASSPHRASE = 8
MAX_FILE_BYTES = 64 * 1024 * 1024  # a pack holds text and one PDF: far below this
# Reflections whose text one pack carries: supervision discusses a few, and the supervisor's page shows each
# with a box for a comment (a pack of thousands would hold their window for seconds).
MAX_REFLECTIONS = 50


class SupervisionFileError(UserError):
    """A supervision file cannot be written, opened or used as asked; one sentence for the user."""


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SupervisionFileError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters and agree it with the other person."
        )


def seal_document(kind: str, data: dict[str, Any], passphrase: str) -> bytes:
    """The sealed bytes of a document of `kind` ("pack" or "response")."""
    check_passphrase(passphrase)
    body = _canonical(data)
    envelope = {
        "format": KINDS[kind],
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "sha256": hashlib.sha256(body).hexdigest(),
        "data": data,
    }
    return seal(passphrase, _canonical(envelope))


def read_peer_file(path: Path, limit: int) -> bytes:
    """The bytes of a file someone sent: a regular file under ``limit`` (never a pipe or device)."""
    try:
        return read_bytes(path, limit)
    except UnreadableFile as exc:
        raise SupervisionFileError(f"{path} {exc.problem}.") from None


def _unsealed(path: Path, noun: str, passphrase: str) -> bytes:
    """The plain content of a sealed file of bounded size; one sentence when it is none or will not open."""
    raw = read_peer_file(path, MAX_FILE_BYTES)
    if not is_sealed(raw):
        raise SupervisionFileError(f"{path.name} is not a {noun} made by Reflect.")
    try:
        return unseal(passphrase, raw)
    except SealError as exc:
        raise SupervisionFileError(f"{path.name} could not be opened: {str(exc)[0].lower()}{str(exc)[1:]}") from None


def open_document(path: Path, kind: str, passphrase: str) -> dict[str, Any]:
    """The checked data of a sealed document of `kind`; refuses anything else in one sentence."""
    noun = NOUNS[kind]
    plain = _unsealed(path, noun, passphrase)
    try:
        envelope = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SupervisionFileError(f"{path.name} is damaged: its content is not readable.") from None
    if not isinstance(envelope, dict) or envelope.get("format") not in KINDS.values():
        raise SupervisionFileError(f"{path.name} is not a {noun} made by Reflect.")
    if envelope["format"] != KINDS[kind]:
        other = next(NOUNS[k] for k, name in KINDS.items() if name == envelope["format"])
        raise SupervisionFileError(f"{path.name} is a {other}, not a {noun}.")
    version = envelope.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SupervisionFileError(f"{path.name} has no valid format version.")
    if version > SCHEMA_VERSION:
        raise SupervisionFileError(
            f"{path.name} was made by a newer Reflect (format version {version}); please update Reflect to open it."
        )
    data = envelope.get("data")
    if not isinstance(data, dict) or hashlib.sha256(_canonical(data)).hexdigest() != envelope.get("sha256"):
        raise SupervisionFileError(f"{path.name} has been changed since it was made (its checksum does not match).")
    return data


# ----- reading fields of a checked document: a peer's file, so every type is checked


class Fields:
    """Typed access to one JSON object of a document; a wrong type is one sentence naming the file."""

    def __init__(self, raw: Any, name: str, where: str = "") -> None:
        if not isinstance(raw, dict):
            raise SupervisionFileError(f"{name} is damaged: {where or 'its data'} is not a record.")
        self.raw, self.name, self.where = raw, name, where

    def _bad(self, key: str) -> SupervisionFileError:
        return SupervisionFileError(f"{self.name} is damaged: {self.where}{key} is missing or of the wrong kind.")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str):
            raise self._bad(key)
        return value

    def number(self, key: str) -> float:
        value = self.raw.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise self._bad(key)
        return float(value)

    def whole(self, key: str) -> int:
        value = self.raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._bad(key)
        return value

    def day(self, key: str) -> date:
        try:
            return date.fromisoformat(self.text(key))
        except ValueError:
            raise self._bad(key) from None

    def moment(self, key: str) -> datetime:
        try:
            return datetime.fromisoformat(self.text(key))
        except ValueError:
            raise self._bad(key) from None

    def items(self, key: str) -> list[Fields]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            raise self._bad(key)
        return [Fields(entry, self.name, f"{self.where}{key}[{i}].") for i, entry in enumerate(value)]

    def part(self, key: str) -> Fields:
        return Fields(self.raw.get(key), self.name, f"{self.where}{key}.")


def check_destination(path: Path) -> None:
    """Refuse a folder or a missing folder before any work is done."""
    if path.is_dir():
        raise SupervisionFileError(f"{path} is a folder; give a file name to write.")
    if not path.parent.is_dir():
        raise SupervisionFileError(f"The folder {path.parent} does not exist; choose an existing folder.")


def write_sealed(path: Path, content: bytes) -> None:
    """Write atomically, so nothing is half-written on failure."""
    from reflect.files import write_file

    check_destination(path)
    write_file(path, content)

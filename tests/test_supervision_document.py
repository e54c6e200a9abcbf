"""The sealed envelope of packs and responses: versioned, checksummed, refused in one sentence when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect.crypto import seal
from reflect.supervision.document import SupervisionFileError, open_document, seal_document

PASSPHRASE = "a long agreed phrase"


def _sealed_envelope(tmp_path: Path, **changes: object) -> Path:
    """A pack whose envelope was changed before sealing (as a buggy or hostile writer might)."""
    path = tmp_path / "odd.reflect-pack"
    good = json.loads(_unsealed(seal_document("pack", {"id": "p1"}, PASSPHRASE)))
    good.update(changes)
    path.write_bytes(seal(PASSPHRASE, json.dumps(good).encode("utf-8")))
    return path


def _unsealed(data: bytes) -> bytes:
    from reflect.crypto import unseal

    return unseal(PASSPHRASE, data)


def test_a_pack_round_trips_and_its_content_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "p.reflect-pack"
    path.write_bytes(seal_document("pack", {"id": "p1", "text": "visible only with the passphrase"}, PASSPHRASE))
    assert b"visible only" not in path.read_bytes()
    assert open_document(path, "pack", PASSPHRASE) == {"id": "p1", "text": "visible only with the passphrase"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sha256": "0" * 64}, "has been changed since it was made"),
        ({"schema_version": 99}, "made by a newer Reflect (format version 99)"),
        ({"schema_version": "one"}, "has no valid format version"),
        ({"format": "something-else"}, "is not a supervision pack made by Reflect"),
        ({"format": "reflect-supervision-response"}, "is a supervision response, not a supervision pack"),
    ],
)
def test_a_wrong_envelope_is_one_sentence(tmp_path: Path, changes: dict[str, object], message: str) -> None:
    with pytest.raises(SupervisionFileError) as raised:
        open_document(_sealed_envelope(tmp_path, **changes), "pack", PASSPHRASE)
    assert message in str(raised.value) and str(raised.value).count(". ") == 0


def test_a_file_that_is_not_sealed_or_is_cut_short_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text('{"format": "reflect-supervision-pack"}', encoding="utf-8")
    with pytest.raises(SupervisionFileError, match="is not a supervision pack made by Reflect"):
        open_document(plain, "pack", PASSPHRASE)
    cut = tmp_path / "cut.reflect-pack"
    cut.write_bytes(seal_document("pack", {"id": "p1"}, PASSPHRASE)[:-10])
    with pytest.raises(SupervisionFileError, match="changed or damaged"):
        open_document(cut, "pack", PASSPHRASE)


def test_a_pack_carrying_more_reflections_than_reflect_writes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from datetime import date

    from reflect.supervision.document import MAX_REFLECTIONS
    from reflect.supervision.pack import PackRequest, read_pack

    with pytest.raises(SupervisionFileError) as chosen:
        PackRequest(date(2026, 1, 1), date(2026, 3, 31), tuple(f"r{i}" for i in range(MAX_REFLECTIONS + 1)))
    assert f"at most {MAX_REFLECTIONS} reflections and {MAX_REFLECTIONS + 1} were chosen" in str(chosen.value)
    path = tmp_path / "many.reflect-pack"
    path.write_bytes(seal_document("pack", {"id": "p1", "reflections": [{"id": "x"}] * 100_000}, PASSPHRASE))
    with pytest.raises(SupervisionFileError) as opened:
        read_pack(path, PASSPHRASE)
    assert str(opened.value) == (f"many.reflect-pack carries the text of 100,000 reflections, more than a pack made "
                                 f"by Reflect ever does ({MAX_REFLECTIONS}), so it was not opened.")

"""Sealed files: readable only with the passphrase, and any change to them is refused."""

from __future__ import annotations

import pytest

from reflect.crypto import KeyParams, SealError, derive_key, open_with_key, read_params, seal, seal_with_key, unseal


def test_a_sealed_blob_opens_with_its_passphrase_and_hides_the_text() -> None:
    blob = seal("correct horse", b"MARKER private reflection")
    assert b"MARKER" not in blob
    assert unseal("correct horse", blob) == b"MARKER private reflection"


def test_the_wrong_passphrase_is_one_clear_error() -> None:
    blob = seal("correct horse", b"text")
    with pytest.raises(SealError, match="passphrase is wrong"):
        unseal("battery staple", blob)


@pytest.mark.parametrize("damage", [lambda b: b[:-1], lambda b: b[:20], lambda b: b[:-5] + b"xxxxx", lambda b: b"junk" + b])
def test_a_truncated_or_changed_blob_is_refused(damage) -> None:  # type: ignore[no-untyped-def]
    blob = seal("pw", b"some text that matters")
    with pytest.raises(SealError):
        unseal("pw", damage(blob))


def test_a_hostile_header_cannot_ask_for_huge_key_costs() -> None:
    blob = bytearray(seal("pw", b"x"))
    blob[8] = 40  # log2(n) = 40 would need terabytes
    with pytest.raises(SealError, match="key settings"):
        unseal("pw", bytes(blob))


def test_one_derived_key_seals_many_items_that_unseal_with_the_passphrase() -> None:
    params = KeyParams.new()
    key = derive_key("pw", params)
    blobs = [seal_with_key(key, params, f"item {i}".encode()) for i in range(3)]
    assert len(set(blobs)) == 3  # fresh nonce each time
    assert all(read_params(b) == params for b in blobs)
    assert [open_with_key(key, b) for b in blobs] == [b"item 0", b"item 1", b"item 2"]
    assert unseal("pw", blobs[0]) == b"item 0"

"""Passphrase-sealed bytes: the one container format for files Reflect encrypts itself.

The database is encrypted by SQLCipher; everything else that must be unreadable without a
passphrase (evidence files, supervision packs and responses) is sealed here. We use the
well-kept `cryptography` package rather than our own primitives:

- AES-256-GCM, which is authenticated, so a tampered or truncated file is refused rather
  than decrypted into garbage;
- scrypt to turn the passphrase into a key, which is memory-hard, so a stolen file resists
  guessing.

Layout of a sealed blob (all integers big-endian)::

    magic "RFLSEAL1" | log2(n) (1 byte) | r (1) | p (1) | salt (16) | nonce (12) | ciphertext+tag

The header is passed as associated data, so changing the parameters is detected too.
Deriving a key costs tens of milliseconds on purpose; callers sealing many items derive once
with `derive_key` and use `seal_with_key` / `open_with_key`, which share the layout.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

MAGIC = b"RFLSEAL1"
SALT_BYTES = 16
NONCE_BYTES = 12
_HEADER = struct.Struct(">8sBBB16s12s")
# scrypt cost: 2**15 x 8 x 1 uses 32 MiB and about 50-100 ms, the range OWASP recommends
DEFAULT_LOG_N = 15
DEFAULT_R = 8
DEFAULT_P = 1
# refuse absurd costs in a hostile header (bounded time and memory)
_MAX_LOG_N = 20
_MAX_R = 16
_MAX_P = 4


class SealError(ValueError):
    """A sealed blob that cannot be opened: wrong passphrase, damaged, or not sealed at all."""


@dataclass(frozen=True)
class KeyParams:
    """What, beside the passphrase, decides the key: stored in every blob's header."""

    salt: bytes
    log_n: int = DEFAULT_LOG_N
    r: int = DEFAULT_R
    p: int = DEFAULT_P

    @classmethod
    def new(cls) -> KeyParams:
        return cls(salt=os.urandom(SALT_BYTES))


def derive_key(passphrase: str, params: KeyParams) -> bytes:
    """A 256-bit key from the passphrase with scrypt."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not (1 <= params.log_n <= _MAX_LOG_N and 1 <= params.r <= _MAX_R and 1 <= params.p <= _MAX_P):
        raise SealError("The file asks for key settings Reflect does not use; it may be damaged.")
    kdf = Scrypt(salt=params.salt, length=32, n=2**params.log_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def is_sealed(data: bytes) -> bool:
    return data[: len(MAGIC)] == MAGIC


def read_params(data: bytes) -> KeyParams:
    """The key parameters of a sealed blob (to derive its key once and reuse it)."""
    if len(data) < _HEADER.size + 16 or not is_sealed(data):
        raise SealError("This is not a file sealed by Reflect, or it is incomplete.")
    _magic, log_n, r, p, salt, _nonce = _HEADER.unpack_from(data)
    return KeyParams(salt=salt, log_n=log_n, r=r, p=p)


def seal_with_key(key: bytes, params: KeyParams, plaintext: bytes) -> bytes:
    """Encrypt with a key already derived from `params`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = _HEADER.pack(MAGIC, params.log_n, params.r, params.p, params.salt, os.urandom(NONCE_BYTES))
    return header + AESGCM(key).encrypt(header[-NONCE_BYTES:], plaintext, header)


def open_with_key(key: bytes, data: bytes) -> bytes:
    """Decrypt a blob sealed with the same key; any change to it is refused."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    read_params(data)  # checks the magic and length
    header = data[: _HEADER.size]
    try:
        return AESGCM(key).decrypt(header[-NONCE_BYTES:], data[_HEADER.size :], header)
    except InvalidTag:
        raise SealError("The passphrase is wrong, or the file has been changed or damaged.") from None


def seal(passphrase: str, plaintext: bytes) -> bytes:
    """Encrypt with a fresh salt: for single files such as supervision packs."""
    params = KeyParams.new()
    return seal_with_key(derive_key(passphrase, params), params, plaintext)


def unseal(passphrase: str, data: bytes) -> bytes:
    """Decrypt a blob made by `seal` (or by `seal_with_key` with a key from this passphrase)."""
    return open_with_key(derive_key(passphrase, read_params(data)), data)

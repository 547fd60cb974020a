"""Digests for the audit chain and evidence files: SHA-256, or SM3 (国密,
GB/T 32905-2016) when ``CRYPTO_HASH = "sm3"``.

SM3 comes from gmssl (pure Python). For large evidence files the same SM3
from OpenSSL (``hashlib.new("sm3")``) is used when the local OpenSSL has
it, because gmssl needs the whole file in memory as a list of ints; the two
are checked against each other and against the standard's test vector in
tests/tracker/test_sm3.py.
"""

from __future__ import annotations

import hashlib
from typing import Any

from gmssl import func, sm3

ALGORITHMS = ("sha256", "sm3")


def sm3_hex(data: bytes) -> str:
    """SM3 of ``data`` by gmssl, as 64 hex digits."""
    return str(sm3.sm3_hash(func.bytes_to_list(data)))


def digest_hex(algorithm: str, data: bytes) -> str:
    if algorithm == "sm3":
        return sm3_hex(data)
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    raise ValueError(f"未知的摘要算法：{algorithm}")


def _openssl_sm3() -> Any | None:
    try:
        return hashlib.new("sm3")
    except ValueError:
        return None


class StreamingSM3:
    """SM3 over chunks: OpenSSL's when available, else gmssl over the joined bytes."""

    def __init__(self) -> None:
        self._openssl = _openssl_sm3()
        self._chunks: list[bytes] = []

    def update(self, chunk: bytes) -> None:
        if self._openssl is not None:
            self._openssl.update(chunk)
        else:
            self._chunks.append(chunk)

    def hexdigest(self) -> str:
        if self._openssl is not None:
            return str(self._openssl.hexdigest())
        return sm3_hex(b"".join(self._chunks))

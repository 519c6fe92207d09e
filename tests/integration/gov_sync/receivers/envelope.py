"""The receivers' own reading of the envelope (GOV-INTERFACE.md, "Envelope, crypto, auth"):
`{"datas": Base64(AES-128-CBC-PKCS5(UTF-8 JSON array))}`, the 16-character key's bytes as the IV.
Written on `cryptography`'s primitives directly, never on services/gov_sync/domain/envelope.py, so a
mistake there is caught here. `seal` lets a test build a batch by hand."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class Undecryptable(ValueError):
    """The body is not a batch this key opens (the park answers 501 数据体解密失败)."""


def _cipher(key: str) -> Cipher:
    raw = key.encode("utf-8")
    if len(raw) != 16:
        raise ValueError("the platforms' keys are 16 characters")
    return Cipher(algorithms.AES(raw), modes.CBC(raw))


def seal(records: list[dict[str, Any]], key: str) -> dict[str, str]:
    padder = padding.PKCS7(128).padder()
    plain = padder.update(orjson.dumps(records)) + padder.finalize()
    encryptor = _cipher(key).encryptor()
    return {"datas": base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")}


def open_batch(body: bytes, key: str) -> list[Any]:
    """The JSON array inside a request body; `Undecryptable` for anything else."""
    try:
        datas = orjson.loads(body)["datas"]
        secret = base64.b64decode(datas, validate=True)
        decryptor = _cipher(key).decryptor()
        padded = decryptor.update(secret) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        records = orjson.loads(unpadder.update(padded) + unpadder.finalize())
    except (orjson.JSONDecodeError, KeyError, TypeError, binascii.Error, ValueError) as exc:
        raise Undecryptable(str(exc)) from exc
    if not isinstance(records, list) or not all(isinstance(one, dict) for one in records):
        raise Undecryptable("not a JSON array of records")
    return records

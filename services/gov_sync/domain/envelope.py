"""The envelope (报文): `{"datas": Base64(AES-128-CBC-PKCS5(UTF-8 JSON array))}`. Both known
implementations use the 16-character key's bytes as the IV too (GOV-INTERFACE.md); that rule is
the platforms', not a choice of ours (a fixed IV leaks which batches begin alike). A cipher
object is made per call, never shared between threads (one uploader's bug)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class EnvelopeError(Exception):
    """A key of the wrong form, or a body that does not decrypt (the park answers 501 数据体解密失败)."""


def key_bytes(key: str) -> bytes:
    raw = key.encode("utf-8")
    if len(raw) != 16:
        raise EnvelopeError("AES 密钥须为16个字符（AES-128，向量同密钥）")
    return raw


def encrypt(plain: bytes, key: str) -> bytes:
    raw = key_bytes(key)
    padder = padding.PKCS7(128).padder()  # Java calls it PKCS5Padding: PKCS#7 on 16-byte blocks
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(raw), modes.CBC(raw)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def decrypt(cipher_text: bytes, key: str) -> bytes:
    raw = key_bytes(key)
    decryptor = Cipher(algorithms.AES(raw), modes.CBC(raw)).decryptor()
    try:
        padded = decryptor.update(cipher_text) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as error:
        raise EnvelopeError("数据体解密失败") from error


def wire_json(records: Sequence[Any]) -> bytes:
    """The batch as sent: UTF-8 with the characters themselves (not \\u escapes), compact."""
    return json.dumps(list(records), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def seal(records: Sequence[Any], key: str) -> dict[str, str]:
    return {"datas": base64.b64encode(encrypt(wire_json(records), key)).decode("ascii")}


def open_envelope(body: dict[str, Any], key: str) -> list[Any]:
    """What a receiver does with a body: the record list, or EnvelopeError."""
    datas = body.get("datas") if isinstance(body, dict) else None
    if not isinstance(datas, str):
        raise EnvelopeError("报文缺少 datas 字段")
    try:
        cipher_text = base64.b64decode(datas, validate=True)
        records = json.loads(decrypt(cipher_text, key).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise EnvelopeError("数据体解密失败") from error
    if not isinstance(records, list):
        raise EnvelopeError("数据体须为记录数组")
    return records

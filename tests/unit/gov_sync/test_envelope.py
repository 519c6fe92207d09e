"""The envelope against an independent AES: the `openssl enc -aes-128-cbc` command line, with the
key's bytes as the IV, in both directions."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest

from services.gov_sync.domain.envelope import EnvelopeError, encrypt, open_envelope, seal, wire_json

KEY = "Shuangkong#2026!"  # 16 characters
RECORDS = [{"id": "a" * 32, "dangerName": "液位计失灵", "checkCycle": 1.5}, {"id": "b" * 36, "deleted": "1"}]
OPENSSL = shutil.which("openssl")  # in the machine image (Debian's openssl package)


def openssl(*args: str, data: bytes) -> bytes:
    hex_key = KEY.encode().hex()
    assert OPENSSL is not None, "the reference is the openssl command"
    done = subprocess.run([OPENSSL, "enc", "-aes-128-cbc", "-K", hex_key, "-iv", hex_key, *args],
                          input=data, capture_output=True, check=True)
    return done.stdout


def test_our_body_decrypts_with_openssl() -> None:
    body = seal(RECORDS, KEY)
    plain = openssl("-d", data=base64.b64decode(body["datas"]))
    assert json.loads(plain.decode("utf-8")) == RECORDS
    assert "液位计失灵".encode() in plain  # the characters themselves, not \u escapes


def test_openssls_body_opens_with_ours() -> None:
    cipher_text = openssl(data=wire_json(RECORDS))
    assert cipher_text == encrypt(wire_json(RECORDS), KEY)  # byte for byte: same padding, same IV
    assert open_envelope({"datas": base64.b64encode(cipher_text).decode()}, KEY) == RECORDS


def test_a_known_vector() -> None:
    # Written down from `printf '<plain>' | openssl enc -aes-128-cbc -K <hex key> -iv <hex key> -base64 -A`.
    body = seal([{"id": "x", "dangerName": "液位计失灵"}], KEY)
    assert body == {"datas": "4eMz5PiKCRfLWAUsTqUtXupBFf7e1o8+Ry1mwfDUmMF0ZcUB9su42zjYz2KYGSUX"}


def test_the_round_trip_keeps_every_record() -> None:
    assert open_envelope(seal(RECORDS, KEY), KEY) == RECORDS
    assert open_envelope(seal([], KEY), KEY) == []


def test_the_key_must_be_16_characters() -> None:
    with pytest.raises(EnvelopeError, match="16"):
        seal(RECORDS, "short")


def test_a_wrong_key_or_a_broken_body_fails_like_the_park_receiver() -> None:
    body = seal(RECORDS, KEY)
    with pytest.raises(EnvelopeError, match="解密失败"):
        open_envelope(body, "another-key-16ch")
    with pytest.raises(EnvelopeError, match="解密失败"):
        open_envelope({"datas": "not base64!"}, KEY)
    with pytest.raises(EnvelopeError, match="datas"):
        open_envelope({"data": body["datas"]}, KEY)

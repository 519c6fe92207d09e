"""The two signatures against vectors computed here by another implementation (OpenSSL's HMAC
through `cryptography`), from the platforms' own descriptions of what is signed."""

from __future__ import annotations

import base64
import urllib.parse

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC

from services.alerting.channels.domain.signing import (
    dingtalk_sign,
    dingtalk_verify,
    webhook_signature,
    webhook_verify,
)

SECRET = "SEC2b6ba7d4e0f3c1a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5"


def _hmac(key: bytes, message: bytes) -> bytes:
    mac = HMAC(key, hashes.SHA256())
    mac.update(message)
    return mac.finalize()


def test_dingtalk_sign_is_base64_hmac_of_timestamp_newline_secret():
    timestamp = 1764806400123
    expected = base64.b64encode(_hmac(SECRET.encode(), f"{timestamp}\n{SECRET}".encode())).decode()
    assert dingtalk_sign(timestamp, SECRET) == expected


def test_dingtalk_sign_survives_the_query_string_url_encoded():
    # Hunt for a timestamp whose signature has the characters the encoding must escape.
    for timestamp in range(1764806400000, 1764806400500):
        sign = dingtalk_sign(timestamp, SECRET)
        if "+" in sign and "/" in sign:
            break
    url = httpx.URL("https://oapi.dingtalk.com/robot/send?access_token=t").copy_merge_params(
        {"timestamp": str(timestamp), "sign": sign})
    raw_query = url.query.decode()
    assert f"sign={urllib.parse.quote_plus(sign)}" in raw_query
    assert urllib.parse.parse_qs(raw_query)["sign"] == [sign]


def test_dingtalk_verify_refuses_another_secret_and_an_old_timestamp():
    timestamp = 1764806400123
    sign = dingtalk_sign(timestamp, SECRET)
    assert dingtalk_verify(timestamp, sign, SECRET, now_ms=timestamp + 1000)
    assert not dingtalk_verify(timestamp, sign, SECRET + "x", now_ms=timestamp)
    assert not dingtalk_verify(timestamp, sign, SECRET, now_ms=timestamp + 3600 * 1000 + 1)


def test_webhook_signature_is_hex_hmac_of_timestamp_dot_body():
    body = '{"id":"d1","subject":"【双控提醒】隐患超期未整改"}'.encode()
    expected = _hmac(b"whsec-1", b"1764806400." + body).hex()
    assert webhook_signature(1764806400, body, "whsec-1") == f"v1={expected}"


def test_webhook_verify_accepts_any_listed_signature_within_five_minutes():
    body = b'{"a":1}'
    header = webhook_signature(100, body, "new") + "," + webhook_signature(100, body, "old")
    assert webhook_verify(100, body, header, ["old"], now_s=100)
    assert webhook_verify(100, body, header, ["new"], now_s=399)
    assert not webhook_verify(100, body, header, ["new"], now_s=401)
    assert not webhook_verify(100, body + b" ", header, ["new"], now_s=100)
    assert not webhook_verify(101, body, header, ["new"], now_s=101)

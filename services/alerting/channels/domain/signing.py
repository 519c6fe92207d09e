"""The two signatures: DingTalk's robot 加签, and ours on a generic webhook (docs/webhooks.md).

Both are HMAC-SHA256; they differ in what is signed and how it travels. Verifiers compare in
constant time and bound the timestamp's age, as a receiver must against replays."""

from __future__ import annotations

import base64
import hashlib
import hmac

WEBHOOK_SCHEME = "v1"
# DingTalk refuses a timestamp more than an hour from its clock; we hold our receivers to 5 min.
DINGTALK_TOLERANCE_MS = 3600 * 1000
WEBHOOK_TOLERANCE_SECONDS = 300


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")); it travels as the `sign`
    query parameter, URL-encoded by the client like every query value."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    mac = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


def dingtalk_verify(timestamp_ms: int, sign: str, secret: str, now_ms: int) -> bool:
    if abs(now_ms - timestamp_ms) > DINGTALK_TOLERANCE_MS:
        return False
    return hmac.compare_digest(dingtalk_sign(timestamp_ms, secret), sign)


def webhook_signature(timestamp_s: int, body: bytes, secret: str) -> str:
    """`v1=` + hex(HMAC-SHA256(key=secret, msg=f"{timestamp}." + body)): the body's exact bytes,
    so a receiver verifies before parsing, and the timestamp inside the MAC, so a replayed body
    with a fresh timestamp fails."""
    mac = hmac.new(secret.encode(), str(timestamp_s).encode("ascii") + b"." + body, hashlib.sha256)
    return f"{WEBHOOK_SCHEME}={mac.hexdigest()}"


def webhook_verify(timestamp_s: int, body: bytes, header: str, secrets: list[str], now_s: int) -> bool:
    """True when any of `secrets` signed it (a rotation keeps the old secret valid for a while) and
    the timestamp is within the tolerance. A header may carry several `v1=` values, comma-separated."""
    if abs(now_s - timestamp_s) > WEBHOOK_TOLERANCE_SECONDS:
        return False
    offered = [part.strip() for part in header.split(",")]
    expected = [webhook_signature(timestamp_s, body, secret) for secret in secrets]
    return any(hmac.compare_digest(one, want) for one in offered for want in expected)

"""Which answers are worth another attempt.

Transient: the network, a timeout, HTTP 5xx, 408 and 429, the platforms' busy and rate-limit
codes (which come behind an HTTP 200). Permanent: a bad token, key or signature, a refused
message, any other 4xx: retrying sends the same request to the same refusal, so it goes to the
dead-letter list at once, to be fixed and replayed by hand. An errcode neither list knows is
taken as transient: the retries are bounded, and a new "busy" code must not lose a reminder."""

from __future__ import annotations

from .delivery import Outcome, OutcomeKind

# DingTalk custom robot: 130101 more than 20 messages a minute; -1 system busy.
DINGTALK_TRANSIENT = {-1, 130101}
# 310000 keyword, sign or IP whitelist refused; 300001/300005 token does not exist (or an external
# group's); 400013 group dissolved; 400101/400102 robot disabled; 40035 missing parameter.
DINGTALK_PERMANENT = {310000, 300001, 300005, 400013, 400101, 400102, 40035}

# WeCom group robot: 45009 api freq out of limit (20 a minute); -1 system busy.
WECOM_TRANSIENT = {-1, 45009}
# 93000 invalid webhook url (key); 93004 robot disabled; 93008 robot not in the group;
# 40008 invalid msgtype; 44004 empty content; 40058 invalid parameter.
WECOM_PERMANENT = {93000, 93004, 93008, 40008, 44004, 40058}

TRANSIENT_HTTP = {408, 425, 429}


def http_status_kind(status: int) -> OutcomeKind:
    if 200 <= status < 300:
        return OutcomeKind.OK
    if status >= 500 or status in TRANSIENT_HTTP:
        return OutcomeKind.TRANSIENT
    # 3xx too: a webhook that moved is a configuration to fix, not a redirect to follow blindly.
    return OutcomeKind.PERMANENT


def robot_errcode_kind(errcode: int, transient: set[int], permanent: set[int]) -> OutcomeKind:
    if errcode == 0:
        return OutcomeKind.OK
    if errcode in permanent:
        return OutcomeKind.PERMANENT
    return OutcomeKind.TRANSIENT


def robot_outcome(status: int, answer: object, digest: str, transient: set[int], permanent: set[int],
                  retry_after: float | None = None) -> Outcome:
    """A robot's answer: the HTTP status first (a 5xx carries no errcode worth reading), then the
    body's errcode/errmsg behind a 200."""
    kind = http_status_kind(status)
    if kind is not OutcomeKind.OK:
        return Outcome(kind, f"http_{status}", f"HTTP {status}", digest, retry_after)
    if not isinstance(answer, dict) or not isinstance(answer.get("errcode"), int):
        # A 200 without the platform's JSON: a proxy's page or a truncated answer; try again.
        return Outcome(OutcomeKind.TRANSIENT, "bad_answer", "平台应答不是预期的 JSON", digest, retry_after)
    errcode = answer["errcode"]
    message = str(answer.get("errmsg", ""))
    return Outcome(robot_errcode_kind(errcode, transient, permanent), str(errcode), message, digest, retry_after)


def smtp_reply_kind(code: int) -> OutcomeKind:
    """RFC 5321: 2xx accepted, 4xx try again later (greylisting, mailbox busy), 5xx refused."""
    if 200 <= code < 400:
        return OutcomeKind.OK
    if 400 <= code < 500:
        return OutcomeKind.TRANSIENT
    return OutcomeKind.PERMANENT


def retry_after_seconds(header: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare for APIs and ignored: the schedule's own
    back-off then applies)."""
    if header is None:
        return None
    try:
        value = float(header.strip())
    except ValueError:
        return None
    return value if value >= 0 else None

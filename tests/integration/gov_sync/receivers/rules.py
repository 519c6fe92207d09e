"""Field rules as a receiving platform applies them to one record, with the platform's message
`"<field> <reason>"`. Written from GOV-INTERFACE.md, not from gov_sync's violations.py.

A rule's `time` is a format (`TIME`, `DATE`, `DASHED`, `TIME_OF_DAY`): the park fails a whole batch
on the first badly formatted time (its JSON reader throws), the uploaders refuse that record."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

Record = Mapping[str, Any]
Fault = tuple[str, str]  # (field, reason)

MOBILE = re.compile(r"1[3-9]\d{9}")
COMPANY_CODE = re.compile(r"\d{9}")
CREDIT_CODE = re.compile(r"[0-9A-Z]{18}")
DATA_URI = re.compile(r"data:image/(png|jpeg|jpg);base64,(.*)", re.DOTALL)
FIVE_MB = 5 * 1024 * 1024


@dataclass(frozen=True)
class TimeFormat:
    shape: re.Pattern[str]
    strptime: str
    text: str


TIME = TimeFormat(re.compile(r"\d{14}"), "%Y%m%d%H%M%S", "yyyyMMddHHmmss")
DATE = TimeFormat(re.compile(r"\d{8}"), "%Y%m%d", "yyyyMMdd")
DASHED = TimeFormat(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"), "%Y-%m-%d %H:%M:%S", "yyyy-MM-dd HH:mm:ss")
TIME_OF_DAY = TimeFormat(re.compile(r"\d{1,2}:\d{2}:\d{2}"), "%H:%M:%S", "H:mm:ss")


def parse_time(value: Any, fmt: TimeFormat) -> datetime | None:
    if not isinstance(value, str) or not fmt.shape.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, fmt.strptime)
    except ValueError:
        return None


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Rule:
    name: str
    required: bool = False
    max_len: int | None = None
    one_of: tuple[str, ...] | None = None
    pattern: re.Pattern[str] | None = None
    pattern_text: str = "格式不正确"
    time: TimeFormat | None = None
    check: Callable[[Any], str | None] | None = None  # a further reason, or None

    def faults(self, record: Record) -> list[Fault]:
        value = record.get(self.name)
        if blank(value):
            return [(self.name, "不能为空")] if self.required else []
        text = str(value)
        if self.time is not None and parse_time(value, self.time) is None:
            return [(self.name, f"时间格式须为{self.time.text}")]
        if self.max_len is not None and len(text) > self.max_len:
            return [(self.name, f"长度不能超过{self.max_len}")]
        if self.one_of is not None and text not in self.one_of:
            return [(self.name, f"取值须为{'/'.join(self.one_of)}之一")]
        if self.pattern is not None and not self.pattern.fullmatch(text):
            return [(self.name, self.pattern_text)]
        if self.check is not None and (reason := self.check(value)) is not None:
            return [(self.name, reason)]
        return []


def codes(*values: object) -> tuple[str, ...]:
    return tuple(str(one) for one in values)


def record_id() -> Rule:
    return Rule("id", required=True, check=lambda v: None if len(str(v)) in (32, 36) else "须为32位或36位UUID")


def company_code() -> Rule:
    return Rule("companyCode", required=True, pattern=COMPANY_CODE, pattern_text="须为9位数字")


def mobile(name: str, required: bool) -> Rule:
    return Rule(name, required=required, pattern=MOBILE, pattern_text="手机号格式不正确")


def decimal_within(integer: int, fraction: int, positive: bool) -> Callable[[Any], str | None]:
    """A number of at most `integer` + `fraction` digits (≥ 0, or > 0 when `positive`)."""
    def check(value: Any) -> str | None:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return "须为数字"
        if not number.is_finite() or number < 0 or (positive and number == 0):
            return "须大于0" if positive else "不能小于0"
        sign, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)
        decimals = max(0, -exponent)
        whole = max(0, len(digits) + exponent)
        if decimals > fraction or whole > integer:
            return f"数字的值超出了允许范围(只允许在{integer}位整数和{fraction}位小数范围内)"
        return None
    return check


def _image(raw: bytes) -> str | None:
    if len(raw) > FIVE_MB:
        return "图片不能超过5M"
    if not (raw.startswith(b"\x89PNG\r\n\x1a\n") or raw.startswith(b"\xff\xd8\xff")):
        return "须为PNG或JPEG图片"
    return None


def _decoded(payload: str) -> bytes | None:
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


def data_uri_photo(value: Any) -> str | None:
    """`data:image/(png|jpeg|jpg);base64,…` of a real PNG or JPEG of at most 5 MB."""
    found = DATA_URI.fullmatch(str(value))
    raw = _decoded(found.group(2)) if found else None
    if raw is None:
        return "须为data:image/png|jpeg;base64编码的图片"
    return _image(raw)


def bare_base64_photo(value: Any) -> str | None:
    """Bare base64 (no data-URI prefix) of a real PNG or JPEG of at most 5 MB."""
    raw = _decoded(str(value))
    if raw is None:
        return "须为base64编码的PNG/JPEG图片"
    return _image(raw)


@dataclass(frozen=True)
class Table:
    """One endpoint's records: its rules, its record-wide checks and its parents
    (field → the table that must hold that id)."""

    name: str
    label: str
    rules: tuple[Rule, ...]
    checks: tuple[Callable[[Record], list[Fault]], ...] = ()
    parents: Mapping[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> frozenset[str]:
        return frozenset(rule.name for rule in self.rules) | frozenset(self.parents)

    def time_faults(self, record: Record) -> list[Fault]:
        return [fault for rule in self.rules if rule.time is not None for fault in rule.faults(record)]

    def faults(self, record: Record) -> list[Fault]:
        found = [fault for rule in self.rules for fault in rule.faults(record)]
        return found + [fault for check in self.checks for fault in check(record)]

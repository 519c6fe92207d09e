"""Local validation (本地校验): what a platform would refuse, found before sending. Each violation
names the record, the platform's field and a reason in Chinese; validation returns every one,
never only the first — the readiness report (报送就绪报告) lists them all."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Violation:
    record_id: str
    field: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class FieldRule:
    """One field's rules. `one_of` is compared on the string form (the platforms accept "1" and 1
    alike); `max_len` counts characters."""

    field: str
    label: str  # the field's Chinese name, for the reason
    required: bool = False
    max_len: int | None = None
    one_of: Collection[str] = ()
    pattern: re.Pattern[str] | None = None
    pattern_text: str = ""  # what the pattern means, in Chinese
    decimal: tuple[int, int] | None = None  # (integer digits, fraction digits), ≥ 0
    positive: bool = False

    def check(self, record: Record) -> list[str]:
        value = record.get(self.field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return [f"{self.label}不能为空"] if self.required else []
        text = str(value)
        reasons = []
        if self.max_len is not None and len(text) > self.max_len:
            reasons.append(f"{self.label}不能超过{self.max_len}个字符（现为{len(text)}个）")
        if self.one_of and text not in self.one_of:
            reasons.append(f"{self.label}取值“{text}”不在代码表内（可选：{'、'.join(self.one_of)}）")
        if self.pattern is not None and self.pattern.fullmatch(text) is None:
            reasons.append(f"{self.label}格式不符：{self.pattern_text}")
        if self.decimal is not None or self.positive:
            reasons.extend(self._number(text))
        return reasons

    def _number(self, text: str) -> list[str]:
        try:
            number = Decimal(text)
        except InvalidOperation:
            return [f"{self.label}须为数字"]
        if not number.is_finite():
            return [f"{self.label}须为数字"]
        if self.positive and number <= 0:
            return [f"{self.label}须大于0"]
        if self.decimal is not None:
            whole, fraction = self.decimal
            if number < 0:
                return [f"{self.label}不能小于0"]
            exponent = number.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            if number >= Decimal(10) ** whole or places > fraction:
                return [f"{self.label}最多{whole}位整数、{fraction}位小数"]
        return []


# A rule of the whole record (one field required when another has a value, …): the violations.
RecordRule = Callable[[Record], list[tuple[str, str]]]


@dataclass(frozen=True)
class RecordRules:
    fields: tuple[FieldRule, ...]
    record: tuple[RecordRule, ...] = ()

    def validate(self, record: Record) -> list[Violation]:
        record_id = str(record.get("id") or "")
        found = [Violation(record_id, rule.field, reason) for rule in self.fields for reason in rule.check(record)]
        found += [Violation(record_id, field, reason) for rule in self.record for field, reason in rule(record)]
        return found


def codes(*values: object) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


UUID_LIKE = re.compile(r".{32}|.{36}")  # the park receiver's `^(.{32}|.{36})$`
MOBILE = re.compile(r"1[3-9]\d{9}")
COMPANY_CODE = re.compile(r"\d{9}")
PHOTO_DATA_URI = re.compile(r"data:image/(?:png|jpeg|jpg);base64,[A-Za-z0-9+/]*={0,2}")
PHOTO_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def record_id_rule() -> FieldRule:
    return FieldRule(field="id", label="主键", required=True, pattern=UUID_LIKE, pattern_text="须为32位或36位字符")


def parent_rule(field: str, label: str, required: bool = True) -> FieldRule:
    return FieldRule(field=field, label=label, required=required, pattern=UUID_LIKE,
                     pattern_text="须为32位或36位字符")


def company_code_rule() -> FieldRule:
    return FieldRule(field="companyCode", label="企业编码", required=True, pattern=COMPANY_CODE,
                     pattern_text="须为9位数字（危化品登记编码）")


def required_when(field: str, label: str, condition: Callable[[Record], bool], why: str) -> RecordRule:
    def rule(record: Record) -> list[tuple[str, str]]:
        value = record.get(field)
        blank = value is None or (isinstance(value, str) and not value.strip())
        return [(field, f"{label}不能为空（{why}）")] if blank and condition(record) else []
    return rule

"""Validation of official identifiers: the unified social credit code (统一社会信用代码,
GB 32100-2015), the 9-digit hazardous-chemical registration code (危化品登记编号) and
mainland mobile numbers."""

from __future__ import annotations

import re

# GB 32100-2015: 31 characters, no I, O, S, V, Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_HAZCHEM = re.compile(r"[0-9]{9}")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """None if `code` is a valid credit code, else what is wrong with it (Chinese, for users)."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    bad = sorted({c for c in code if c not in _USCC_VALUE})
    if bad:
        return f"统一社会信用代码含非法字符: {''.join(bad)}（不使用 I、O、S、V、Z）"
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位错误"
    return None


def hazchem_code_problem(code: str) -> str | None:
    return None if _HAZCHEM.fullmatch(code) else "危化品登记编号应为9位数字"


def mobile_problem(mobile: str) -> str | None:
    return None if _MOBILE.fullmatch(mobile) else "手机号码格式不正确（应为11位大陆手机号）"

"""Chinese messages for the framework's own refusals: pydantic's validation errors (by error type,
keeping the limits and allowed values of the message) and HTTP status codes without a message of
ours. A user of the platform reads Chinese; the field path travels beside the message."""

from __future__ import annotations

import re
from typing import Any

# `{name}` takes the value of the error's context; a type missing here gets the fallback.
_TEMPLATES = {
    "missing": "必填",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "请求体不是合法的 JSON",
    "json_type": "请求体须为 JSON",
    "model_type": "须为对象",
    "model_attributes_type": "须为对象",
    "dict_type": "须为对象",
    "mapping_type": "须为对象",
    "list_type": "须为列表",
    "tuple_type": "须为列表",
    "set_type": "须为列表",
    "frozen_set_type": "须为列表",
    "iterable_type": "须为列表",
    "set_item_not_hashable": "列表元素无效",
    "string_type": "须为文本",
    "string_unicode": "须为有效的 Unicode 文本",
    "string_not_ascii": "只能包含 ASCII 字符",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确（须符合 {pattern}）",
    "bytes_type": "须为文本",
    "bytes_too_short": "至少 {min_length} 个字节",
    "bytes_too_long": "最多 {max_length} 个字节",
    "bytes_invalid_encoding": "编码无效",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "enum": "须为以下取值之一: {expected}",
    "literal_error": "须为以下取值之一: {expected}",
    "bool_type": "须为布尔值（true/false）",
    "bool_parsing": "须为布尔值（true/false）",
    "int_type": "须为整数",
    "int_parsing": "须为整数",
    "int_parsing_size": "整数超出范围",
    "int_from_float": "须为整数，不能有小数部分",
    "float_type": "须为数字",
    "float_parsing": "须为数字",
    "finite_number": "须为有限的数（不能是 NaN 或无穷大）",
    "decimal_type": "须为数字",
    "decimal_parsing": "须为数字",
    "decimal_max_digits": "最多 {max_digits} 位数字",
    "decimal_max_places": "最多 {decimal_places} 位小数",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "greater_than": "须大于 {gt}",
    "greater_than_equal": "须大于或等于 {ge}",
    "less_than": "须小于 {lt}",
    "less_than_equal": "须小于或等于 {le}",
    "multiple_of": "须为 {multiple_of} 的倍数",
    "none_required": "须为空",
    "date_type": "须为日期（YYYY-MM-DD）",
    "date_parsing": "须为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "须为日期，不能带时间",
    "date_past": "须为过去的日期",
    "date_future": "须为将来的日期",
    "time_type": "须为时间（HH:MM:SS）",
    "time_parsing": "须为时间（HH:MM:SS）",
    "datetime_type": "须为日期时间（ISO 8601）",
    "datetime_parsing": "须为日期时间（ISO 8601）",
    "datetime_object_invalid": "日期时间无效",
    "datetime_from_date_parsing": "须为日期时间（ISO 8601）",
    "datetime_past": "须为过去的时间",
    "datetime_future": "须为将来的时间",
    "timezone_naive": "不能带时区",
    "timezone_aware": "须带时区",
    "timezone_offset": "时区偏移须为 {tz_expected}",
    "time_delta_type": "须为时长",
    "time_delta_parsing": "须为时长",
    "uuid_type": "须为 UUID",
    "uuid_parsing": "须为 UUID",
    "uuid_version": "须为第 {expected_version} 版 UUID",
    "url_type": "须为网址",
    "url_parsing": "须为网址",
    "url_syntax_violation": "网址格式不正确",
    "url_too_long": "网址最多 {max_length} 个字符",
    "url_scheme": "网址协议须为 {expected_schemes}",
    "union_tag_invalid": "{discriminator} 须为以下取值之一: {expected_tags}",
    "union_tag_not_found": "缺少 {discriminator}",
    "recursion_loop": "嵌套过深",
    "recursion_depth_exceeded": "嵌套过深",
    "frozen_field": "不可修改",
    "frozen_instance": "不可修改",
    "is_instance_of": "类型不正确",
    "is_subclass_of": "类型不正确",
    "complex_type": "须为数字",
    "complex_str_parsing": "须为数字",
    "fraction_type": "须为数字",
    "fraction_parsing": "须为数字",
    "blank_name": "名称不能为空，也不能只含空格或不可见字符",  # libs/names.py
}
_FALLBACK = "取值无效"
_HAN = re.compile(r"[\u4e00-\u9fff]")

# What Starlette and FastAPI say on their own (an unknown path, a wrong method, …).
STATUS_MESSAGES = {
    400: "请求无效",
    401: "未登录或令牌无效",
    403: "无权执行此操作",
    404: "请求的资源不存在",
    405: "不支持该请求方法",
    406: "无法提供所要求的格式",
    409: "与现有数据冲突",
    411: "须提供请求体长度（Content-Length）",
    413: "请求体过大",
    414: "请求地址过长",
    415: "不支持该请求体格式",
    422: "请求内容无效",
    429: "请求过于频繁，请稍后重试",
    431: "请求头过大",
}


def has_chinese(text: str) -> bool:
    return bool(_HAN.search(text))


# pydantic lists allowed values as "'a', 'b' or 'c'" or "1, 2, 3 or 4" (an English "or").
_ITEM = r"(?:'[^']*'|[^\s,']+)"
_PYDANTIC_LIST = re.compile(rf"{_ITEM}(?:, {_ITEM})*(?: or {_ITEM})?")
_LIST_ITEMS = re.compile(rf"(?:^|, | or )({_ITEM})")


def _choices(expected: Any) -> str:
    """pydantic's "'a', 'b' or 'c'" as "'a'、'b'、'c'" and "1, 2 or 3" as "1、2、3"; a list already
    written in Chinese (libs/labelled_enum.py) as it is."""
    text = str(expected)
    if not _PYDANTIC_LIST.fullmatch(text):
        return text
    return "、".join(_LIST_ITEMS.findall(text))


KEY_MARK = "[key]"  # pydantic's last loc part when a dict's key, not its value, is refused


def field_path(loc: tuple | list) -> str:
    """A dotted field path from an error's loc, without FastAPI's `body`/`query`… and pydantic's
    `[key]` (the path of a refused key is that of the key: `control_levels.5`)."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header") and p != KEY_MARK]
    return ".".join(parts) or ".".join(str(p) for p in loc if p != KEY_MARK)


def error_message(error: dict[str, Any]) -> str:
    """`validation_message`, saying so when the refused thing is a dict's key (`键“5”无效：…`)."""
    loc = tuple(error.get("loc", ()))
    message = validation_message(error)
    if len(loc) >= 2 and loc[-1] == KEY_MARK:
        return f"键“{loc[-2]}”无效：{message}"
    return message


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic/FastAPI error (an item of `errors()`) in Chinese, without its field path."""
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        # Our validators speak Chinese ("不能包含控制字符"); anything else gets the fallback.
        text = str(ctx.get("error", "")) or str(error.get("msg", ""))
        text = re.sub(r"^(Value error|Assertion failed), ", "", text)
        return text if has_chinese(text) else _FALLBACK
    template = _TEMPLATES.get(kind)
    if template is None:
        # A type of our own (a `PydanticCustomError`, such as `blank_name`) says what is wrong
        # itself, in Chinese; one of pydantic's we have no template for gets the fallback.
        text = str(error.get("msg", ""))
        return text if has_chinese(text) else _FALLBACK
    for key in ("expected", "expected_tags", "expected_schemes"):
        if key in ctx:
            ctx[key] = _choices(ctx[key])
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return re.sub(r"[:：（(]?\s*\{\w+\}.*$", "", template) or _FALLBACK


def status_message(status: int, detail: Any) -> str:
    """An HTTPException's detail when it is already Chinese, else the status' own message."""
    if isinstance(detail, str) and has_chinese(detail):
        return detail
    return STATUS_MESSAGES.get(status, "请求无效" if status < 500 else "服务器内部错误")

"""The framework's validation errors in Chinese, by error type, keeping limits and allowed values."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Literal
from uuid import UUID

import pytest
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from libs.labelled_enum import Labelled, give_labels
from libs.messages import error_message, field_path, has_chinese, status_message, validation_message
from libs.names import BLANK_NAME_MESSAGE, Name

ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")


class Kind(StrEnum):
    DEPARTMENT = "department"
    TEAM = "team"
    POST = "post"


class Everything(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=5)
    code: str = Field(default="A1", pattern=r"^[A-Z][0-9]$")
    kind: Kind = Kind.TEAM
    level: Literal["major", "minor"] = "minor"
    count: int = Field(default=1, ge=1, le=9)
    ratio: float = Field(default=0.5, gt=0, lt=1)
    tags: list[str] = Field(default_factory=list, max_length=2)
    on: date = date(2020, 1, 1)
    at: datetime = datetime(2020, 1, 1)
    ref: UUID | None = None
    flag: bool = False
    finite: float = Field(default=1.0, allow_inf_nan=False)


CASES = [
    ({}, "missing", "必填"),
    ({"name": "x"}, "string_too_short", "2"),
    ({"name": "xxxxxx"}, "string_too_long", "5"),
    ({"name": 5}, "string_type", "文本"),
    ({"name": "ok", "code": "zz"}, "string_pattern_mismatch", "^[A-Z][0-9]$"),
    ({"name": "ok", "kind": "firm"}, "enum", "'department'、'team'、'post'"),
    ({"name": "ok", "level": "huge"}, "literal_error", "'major'、'minor'"),
    ({"name": "ok", "count": "abc"}, "int_parsing", "整数"),
    ({"name": "ok", "count": 1.5}, "int_from_float", "整数"),
    ({"name": "ok", "count": 0}, "greater_than_equal", "1"),
    ({"name": "ok", "count": 10}, "less_than_equal", "9"),
    ({"name": "ok", "ratio": "x"}, "float_parsing", "数字"),
    ({"name": "ok", "ratio": 0}, "greater_than", "0"),
    ({"name": "ok", "ratio": 1}, "less_than", "1"),
    ({"name": "ok", "tags": ["a", "b", "c"]}, "too_long", "2"),
    ({"name": "ok", "tags": "a"}, "list_type", "列表"),
    ({"name": "ok", "on": "2020-13-45"}, "date_from_datetime_parsing", "日期"),
    ({"name": "ok", "at": "yesterday"}, "datetime_from_date_parsing", "日期"),
    ({"name": "ok", "ref": "not-a-uuid"}, "uuid_parsing", "UUID"),
    ({"name": "ok", "flag": "maybe"}, "bool_parsing", "布尔"),
    ({"name": "ok", "finite": float("inf")}, "finite_number", "有限"),
    ({"name": "ok", "other": 1}, "extra_forbidden", "不允许"),
    ({"name": "ok", "count": {}}, "int_type", "整数"),
]


@pytest.mark.parametrize("data, kind, words", CASES, ids=[c[1] for c in CASES])
def test_each_error_type_reads_in_chinese_with_its_limits(data, kind, words):
    with pytest.raises(ValidationError) as caught:
        Everything.model_validate(data)
    errors = [e for e in caught.value.errors() if e["type"] == kind]
    assert errors, caught.value.errors()
    message = validation_message(errors[0])
    assert has_chinese(message) and not ENGLISH_SENTENCE.search(message), message
    assert words in message, message


def test_a_custom_validators_chinese_message_is_kept_and_an_english_one_is_not():
    assert validation_message({"type": "value_error", "msg": "Value error, 不能包含控制字符",
                               "ctx": {"error": ValueError("不能包含控制字符")}}) == "不能包含控制字符"
    assert validation_message({"type": "value_error", "msg": "Value error, bad thing happened",
                               "ctx": {"error": ValueError("bad thing happened")}}) == "取值无效"
    assert validation_message({"type": "some_future_type", "msg": "Something new"}) == "取值无效"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 413, 415, 422, 429])
def test_the_frameworks_status_details_become_chinese(status):
    assert has_chinese(status_message(status, "Not Found"))
    assert status_message(status, "企业不存在") == "企业不存在"


def _custom(kind: str, message: str, context: dict | None = None):
    def check(value: int) -> int:
        raise PydanticCustomError(kind, message, context)

    class Model(BaseModel):
        n: Annotated[int, AfterValidator(check)]

    with pytest.raises(ValidationError) as caught:
        Model(n=1)
    return caught.value.errors()[0]


def test_a_custom_error_without_a_template_keeps_its_own_chinese_message():
    assert validation_message(_custom("even_number", "须为偶数")) == "须为偶数"
    assert validation_message(_custom("few_items", "最多 {limit} 项", {"limit": 3})) == "最多 3 项"
    assert validation_message(_custom("odd_rule", "must be even")) == "取值无效"


def test_the_blank_name_error_of_every_name_field_says_the_name_is_blank():
    adapter = TypeAdapter(Name)
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python("\u202e\u200b")
    assert validation_message(caught.value.errors()[0]) == BLANK_NAME_MESSAGE


class Level(IntEnum):
    MAJOR = 1
    LARGE = 2
    GENERAL = 3
    LOW = 4


class Unit(Labelled, StrEnum):
    DEPARTMENT = "department"
    TEAM = "team"


give_labels(Unit, {Unit.DEPARTMENT: "部门", Unit.TEAM: "班组"})


class Policy(BaseModel):
    level: Level = Level.LOW
    levels: dict[Level, Unit] = Field(default_factory=dict)
    unit: Unit = Unit.TEAM
    mode: Literal[1, 2] = 1


def _first(data: dict) -> dict:
    with pytest.raises(ValidationError) as caught:
        Policy.model_validate(data)
    return caught.value.errors()[0]


def test_integer_choices_are_listed_without_an_english_or():
    assert validation_message(_first({"level": 9})) == "须为以下取值之一: 1、2、3、4"
    assert validation_message(_first({"mode": 3})) == "须为以下取值之一: 1、2"


def test_a_refused_dict_key_names_the_key_and_not_pydantics_marker():
    error = _first({"levels": {"5": "team"}})
    assert field_path(("body", *error["loc"])) == "levels.5"
    assert error_message(error) == "键“5”无效：须为以下取值之一: 1、2、3、4"


def test_a_labelled_enum_lists_its_codes_with_their_labels():
    listed = "须为以下取值之一: department（部门）、team（班组）"
    assert validation_message(_first({"unit": "division"})) == listed
    assert validation_message(_first({"levels": {"1": "division"}})) == listed
    assert Policy(unit="team").unit is Unit.TEAM

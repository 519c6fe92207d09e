"""`libs.sorting`: only whitelisted keys reach ORDER BY; an unknown key is a Chinese 422 on `sort`."""

from __future__ import annotations

import pytest

from libs.errors import AppError
from libs.sorting import Direction, sort_params

KEYS = {"name": "re.name", "level": "coalesce(re.residual_level, re.inherent_level)"}


async def test_a_known_key_becomes_its_expression_with_direction_nulls_and_tiebreak():
    choose = sort_params(KEYS, "level", "re.id")
    assert (await choose(sort="name", order=Direction.DESC)).sql() == "re.name DESC NULLS FIRST, re.id"
    assert (await choose(sort="level", order=Direction.ASC)).sql() == (
        "coalesce(re.residual_level, re.inherent_level) ASC NULLS LAST, re.id")


@pytest.mark.parametrize("key", ["password", "name; DROP TABLE risk_events", "re.name", ""])
async def test_anything_else_is_refused_in_chinese_naming_sort(key):
    with pytest.raises(AppError) as refused:
        await sort_params(KEYS, "level", "re.id")(sort=key, order=Direction.ASC)
    assert refused.value.status == 422 and refused.value.field == "sort"
    assert "不支持按" in refused.value.message and "name、level" in refused.value.message

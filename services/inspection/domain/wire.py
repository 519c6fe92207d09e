"""The wire forms the platforms give a check task's fields, shared by every event that carries a
cycle (a task's, a plan's): checkCycle is decimal(4,2) on the platforms, kept exact as a Decimal and
written as a JSON number (two decimals at most, so the shortest float text is the decimal itself);
workStartTime/workEndTime are a time of day as the platforms write it, H:mm:ss with no offset (JSON
Schema's `format: time` would demand one): Shanghai wall time, like every time of this service."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CheckCycle = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json"),
                       WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]


def _time_of_day(value: object) -> object:
    if isinstance(value, str) and value.count(":") == 2:
        hour, minute, second = value.split(":")
        return time(int(hour), int(minute), int(second))
    return value


WorkTime = Annotated[time, BeforeValidator(_time_of_day),
                     PlainSerializer(lambda t: f"{t.hour}:{t.minute:02}:{t.second:02}", return_type=str,
                                     when_used="json"),
                     WithJsonSchema({"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d:[0-5]\d$"})]

"""The safe range (安全范围) of a key parameter, bounds included, either one may be absent: the one
type a plan's checklist item keeps (and its events carry) and a record's reading is held to.

Its bounds are decimals: a reading is compared with them as written (0.1 is a tenth, not the float
nearest it), so a reading equal to a bound is inside whichever way either side was typed — with
floats, 0.1 + 0.2 kinds of error would put a reading of a bound outside it. On the wire (the plan
events, published schemas) a bound stays a JSON number, as it always was: what JSON carries is a
float, so a bound is kept as the decimal of that float as written (`checked_bound`), and a stored
event reads back to the same decimal."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

from services.inspection.domain.plan_fields import as_written, checked_number

# A decimal that is a JSON number on the wire, as the float it was kept from (the events' schemas:
# `number`, unchanged). Read back, a float becomes the decimal of its shortest text (as_written),
# the same decimal it was kept as: pydantic's own JSON number → Decimal may differ in the last digit.
Bound = Annotated[Decimal, BeforeValidator(lambda v: as_written(v) if isinstance(v, float) else v),
                  PlainSerializer(float, when_used="json"), WithJsonSchema({"type": "number"})]


class SafeRange(BaseModel):
    """安全范围 of a key parameter: at least one bound; low < high when both are set."""

    # The docstring is the events' schema description: kept as published. The rule is checked where
    # a range is made from input (checklist.checked_safe_range).
    model_config = ConfigDict(frozen=True)
    unit: str  # 计量单位
    low: Bound | None = None  # 下限 (included)
    high: Bound | None = None  # 上限 (included)

    def contains(self, reading: Decimal) -> bool:
        return (self.low is None or reading >= self.low) and (self.high is None or reading <= self.high)


def checked_bound(value: Any, field: str, name: str) -> Decimal:
    """A bound as kept: a finite number, the decimal of the float JSON carries it as."""
    return as_written(float(checked_number(value, field, name)))

"""When a check record counts (phones lose signal on a plant, so a record may arrive long after it
was made): the time it was made decides, not the time it arrived.

- made inside the window [start, end), received whenever → on time, both times kept;
- made after the window closed → refused, unless sent explicitly as late (`late: true`): kept late;
- made before the window opened → refused (it checked another window);
- made more than `CLOCK_SKEW` after it was received → refused: the phone's clock is wrong, and
  trusting it would let any record claim any time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from libs.aggregate import DomainError
from services.inspection.domain.cycles import Window
from services.inspection.domain.occurrence_ids import aware

CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Timing:
    made_at: datetime
    received_at: datetime
    late: bool


def checked_timing(made_at: Any, received_at: datetime, window: Window, late: Any = False) -> Timing:
    if not isinstance(made_at, datetime):
        raise DomainError("排查时间须为日期时间", field="made_at")
    if not isinstance(late, bool):
        raise DomainError("补录标记须为 true 或 false", field="late")
    made, received = aware(made_at), aware(received_at)
    if made > received + CLOCK_SKEW:
        raise DomainError("排查时间晚于服务器收到的时间，请核对手机时间", field="made_at")
    if made < window.start:
        raise DomainError("排查时间早于本次排查的开始时间", field="made_at")
    if made >= window.end and not late:
        raise DomainError("排查时间已过本次排查的截止时间；如为补录，请标明补录（late: true）", field="made_at")
    return Timing(made, received, late=made >= window.end)

"""An occurrence's id, a pure function of its task and window: the same from every scheduler
instance, retry or catch-up, so issuing one window twice finds the stream the first made (the
append's version check refuses the second) instead of making a duplicate occurrence."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.inspection.domain.cycles import SHANGHAI

# Fixed forever: occurrence ids already stored are derived from it.
OCCURRENCE_NAMESPACE = uuid.UUID("6f1c3a52-8d4e-5b7a-9c2f-0e1d2c3b4a59")


def occurrence_id(task_id: str, window_start: datetime) -> str:
    """The id of `task_id`'s occurrence for the window opening at `window_start` (an instant: the
    same window written in UTC or in Shanghai time has one id)."""
    instant = aware(window_start).astimezone(UTC).isoformat()
    return str(uuid.uuid5(OCCURRENCE_NAMESPACE, f"{task_id}|{instant}"))


def aware(moment: datetime) -> datetime:
    """A naive moment is Shanghai wall time (as in cycles.py)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=SHANGHAI)

"""The 包保 side of an occurrence (domain/occurrence.py): an open occurrence of a 包保 task follows the
task's holder, so the new guardian finds it in their tasks and the old one no longer does. A closed
one keeps who it was issued to (that is who missed or checked it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from libs.aggregate import Aggregate
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.cycles import Window
from services.inspection.domain.guardian_events import OccurrenceHandedOver


class HandOverSide(Aggregate):
    enterprise_id: str
    task_id: str
    window: Window
    state: OccurrenceState | None
    person_ids: tuple[str, ...]

    def _fact(self) -> dict[str, Any]:
        return occurrence_fact(self.id, self.enterprise_id, self.task_id, self.window)

    def follow_holder(self, holder: str, at: datetime) -> None:
        """Issued to `holder` from now, if still open; already theirs (a redelivery): nothing."""
        if self.state is None or not self.state.open or not holder or self.person_ids == (holder,):
            return
        self._record(OccurrenceHandedOver(**self._fact(), from_person_id=self.person_ids[0] if self.person_ids else "",
                                          to_person_id=holder, person_ids=[holder], at=at))

    def when_OccurrenceHandedOver(self, ev: OccurrenceHandedOver) -> None:
        self.person_ids = tuple(ev.person_ids)


def occurrence_fact(occurrence: str, enterprise_id: str, task_id: str, window: Window) -> dict[str, Any]:
    """The fields every occurrence event repeats (occurrence_events.OccurrenceFact)."""
    return {"occurrence_id": occurrence, "enterprise_id": enterprise_id, "task_id": task_id,
            "window_start": window.start, "window_end": window.end,
            "planned_on_assumed_calendar": window.assumed_calendar}

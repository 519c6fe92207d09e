"""An issued occurrence's clock: 临期 at `imminent_at`, 超期未排查 when its window closes. Each
handler loads the occurrence and lets it decide: a no-op when it is already there or past it (a
record completed it, the deadline fired twice); the scheduler appends in its claim's transaction."""

from __future__ import annotations

from libs.deadlines import Deadline, DeadlineHandler
from libs.unit_of_work import UnitOfWork
from services.inspection.application.occurrence_catch_up import catch_up_handler
from services.inspection.application.occurrences import CATCH_UP, IMMINENT, OVERDUE, Occurrences


def deadline_handlers(deps: Occurrences) -> dict[str, DeadlineHandler]:
    """Every kind of inspection's deadlines and its handler (the spec's `deadlines`)."""

    async def on_imminent(deadline: Deadline, uow: UnitOfWork) -> None:
        occurrence = await deps.occurrences.get(deadline.data["occurrence_id"], "该次排查")
        now = deps.clock.now()
        if now >= occurrence.window.end:
            # Both fell due while nobody ran: 临期 after the close tells nobody anything, and the
            # 超期 deadline (due at the close, in this claim or the next) misses it.
            return
        occurrence.become_imminent(now)
        uow.save(deps.occurrences, occurrence)

    async def on_overdue(deadline: Deadline, uow: UnitOfWork) -> None:
        occurrence = await deps.occurrences.get(deadline.data["occurrence_id"], "该次排查")
        occurrence.miss(deps.clock.now())
        uow.save(deps.occurrences, occurrence)

    return {CATCH_UP: catch_up_handler(deps), IMMINENT: on_imminent, OVERDUE: on_overdue}

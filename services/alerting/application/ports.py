"""What alerting reads beside its own streams: the directory (who each rung is), the facts of a cause
its source event does not carry (an occurrence's assignees, a hazard's level and liable person),
both from its replica; and its own index of open alerts by cause. Each a PostgreSQL adapter
(projections/) and a fake (projections/memory.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from services.alerting.domain.codes import Level, Stage
from services.alerting.domain.events import Cause


@dataclass(frozen=True)
class CauseFacts:
    title: str | None = None
    person_ids: list[str] = field(default_factory=list)
    post_ids: list[str] = field(default_factory=list)
    department_id: str | None = None
    major: bool = False  # a 重大 hazard


class Directory(Protocol):
    async def people_at(self, enterprise_id: str, level: Level, cause: Cause) -> list[str]:
        """The people of one rung for this cause, as the directory is now (empty: nobody there)."""
        ...


class Facts(Protocol):
    async def of(self, enterprise_id: str, cause_type: str, cause_id: str) -> CauseFacts | None: ...


class AlertIndex(Protocol):
    async def open_alerts(self, enterprise_id: str, cause_type: str, cause_id: str,
                          stages: list[Stage]) -> list[str]:
        """Ids of the cause's alerts in these stages that are still open."""
        ...

"""The weekly facts as a projection of inspection's and hazard governance's topics, in a schema of
its own (`alerting_weekly`) so `shuangkong rebuild alerting` swaps it whole. Each event folds into
its occurrence's, hazard's or task's row (domain/effectiveness_ledger.py); the score of a week is
computed from the rows when asked (projections/effectiveness.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from libs.cloudevent import InboundEvent, topic_for
from libs.config import Settings
from services.alerting.domain import effectiveness_ledger as ledger

SCHEMA = "alerting_weekly"


@dataclass
class WeeklyFacts:
    topic_prefix: str = ""
    name: str = "alerting-weekly"
    schema: str = SCHEMA
    migrations: Path = Path(__file__).resolve().parents[1] / "weekly_migrations"
    topics: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.topics = self.topics or [topic_for(s, self.topic_prefix) for s in ("inspection", "hazard")]

    async def apply(self, conn: asyncpg.Connection, event: InboundEvent) -> None:
        data, eid = event.data, event.enterprise_id or event.data.get("enterprise_id")
        if event.type in ledger.OCCURRENCE_EVENTS:
            before = await conn.fetchval("SELECT facts FROM occurrences WHERE occurrence_id = $1 FOR UPDATE",
                                         data["occurrence_id"])
            await conn.execute(
                """INSERT INTO occurrences (occurrence_id, enterprise_id, week, facts) VALUES ($1, $2, $3, $4)
                   ON CONFLICT (occurrence_id) DO UPDATE SET week = excluded.week, facts = excluded.facts""",
                data["occurrence_id"], eid, ledger.week_of_occurrence(data),
                ledger.fold_occurrence(before or {}, event.type, data))
        elif event.type in ledger.HAZARD_EVENTS:
            before = await conn.fetchval("SELECT facts FROM hazards WHERE hazard_id = $1 FOR UPDATE", data["hazard_id"])
            await conn.execute(
                """INSERT INTO hazards (hazard_id, enterprise_id, facts) VALUES ($1, $2, $3)
                   ON CONFLICT (hazard_id) DO UPDATE SET facts = excluded.facts""",
                data["hazard_id"], eid, ledger.fold_hazard(before or {}, event.type, data, event.time))
        elif event.type in ledger.TASK_EVENTS and "work_type" in data:
            await conn.execute(
                """INSERT INTO tasks (task_id, enterprise_id, work_type) VALUES ($1, $2, $3)
                   ON CONFLICT (task_id) DO UPDATE SET work_type = excluded.work_type""",
                data["task_id"], eid, ledger.work_type(data))


def weekly_facts(settings: Settings) -> WeeklyFacts:
    return WeeklyFacts(settings.topic_prefix)

"""Reading a week's score: the weekly facts (projections/weekly.py) of the enterprise, each
occurrence's department found from its posts in the replica's org tree (the nearest department
above its first post), then the pure attribution and score (domain/effectiveness_ledger.py,
effectiveness.py)."""

from __future__ import annotations

from datetime import date

import asyncpg

from services.alerting.domain.effectiveness import EffectivenessScore, effectiveness
from services.alerting.domain.effectiveness_facts import NaturalWeek
from services.alerting.domain.effectiveness_ledger import Facts, week_facts
from services.alerting.domain.effectiveness_weights import EffectivenessWeights
from services.alerting.projections.replica import SCHEMA as REPLICA
from services.alerting.projections.weekly import SCHEMA

MAX_DEPTH = 16  # a tree caught mid-move cannot loop


def departments(units: dict[str, tuple[str, str | None]]):
    """posts → the nearest department above the first post found in `units` (id → (kind, parent))."""
    def of(post_ids: list[str]) -> str | None:
        for unit in post_ids[:1]:
            for _ in range(MAX_DEPTH):
                if unit not in units:
                    return None
                kind, parent = units[unit]
                if kind == "department":
                    return unit
                if parent is None:
                    return None
                unit = parent
        return None
    return of


class SqlEffectiveness:
    def __init__(self, pool: asyncpg.Pool, weights: EffectivenessWeights) -> None:
        self.pool, self.weights = pool, weights

    async def weeks(self, enterprise_id: str, mondays: list[date]) -> tuple[list[EffectivenessScore], dict[str, str]]:
        """The scores of `mondays`' weeks, in that order, and the names of the enterprise's units."""
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            occurrences = await conn.fetch(f"SELECT week, facts FROM {SCHEMA}.occurrences "
                                           "WHERE enterprise_id = $1 AND week = ANY($2)", enterprise_id, mondays)
            hazards: list[Facts] = [r["facts"] for r in await conn.fetch(
                f"SELECT facts FROM {SCHEMA}.hazards WHERE enterprise_id = $1", enterprise_id)]
            work_types = {r["task_id"]: r["work_type"] for r in await conn.fetch(
                f"SELECT task_id, work_type FROM {SCHEMA}.tasks WHERE enterprise_id = $1", enterprise_id)}
            tree = await conn.fetch(f"SELECT unit_id, kind, parent_id, name FROM {REPLICA}.org_units "
                                    "WHERE enterprise_id = $1", enterprise_id)
        units = {r["unit_id"]: (r["kind"], r["parent_id"]) for r in tree}
        by_week: dict[date, list[Facts]] = {m: [] for m in mondays}
        for r in occurrences:
            by_week[r["week"]].append(r["facts"])
        department_of = departments(units)
        return [effectiveness(week_facts(enterprise_id, NaturalWeek(m), by_week[m], hazards, work_types,
                                         department_of), self.weights) for m in mondays], \
            {r["unit_id"]: r["name"] for r in tree if r["name"]}

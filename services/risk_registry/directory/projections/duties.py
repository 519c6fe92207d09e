"""Where the duties of a person or an org unit are found in the read model. The same queries
serve the handler (on the pool, for a clear refusal) and the inline projection (on the append's
connection, to re-check what a concurrent command may have changed: decision 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.risk_registry.directory.domain.duties import GUARDIAN_SLOTS, Duty, DutyKind

_SLOT_COLUMNS = {kind: column for kind, (column, _role) in GUARDIAN_SLOTS.items()}

_GUARDED = """
SELECT id, name, principal_id, technical_id, operations_id FROM risk_objects
WHERE NOT retired AND $1 IN (principal_id, technical_id, operations_id) ORDER BY name, id
"""
_LIABLE = "SELECT id, name FROM risk_units WHERE NOT retired AND liable_person_id = $1 ORDER BY name, id"

_HOLDINGS = """
SELECT 'child_unit' AS kind, id, name, NULL AS context, 1 AS rank FROM org_units WHERE parent_id = $1 AND NOT retired
UNION ALL
SELECT 'member', id, name, NULL, 2 FROM people WHERE post_id = $1 AND left_at IS NULL
UNION ALL
SELECT 'measure', m.id, m.description, r.name, 3 FROM control_measures m JOIN risk_events r ON r.id = m.risk_event_id
WHERE m.responsible_post_id = $1 AND NOT m.retired
UNION ALL
SELECT 'risk_object', id, name, NULL, 4 FROM risk_objects WHERE department_id = $1 AND NOT retired
UNION ALL
SELECT 'risk_unit', id, name, NULL, 5 FROM risk_units WHERE department_id = $1 AND NOT retired
ORDER BY rank, name, id
"""


# Duties whose holder has left: stored before a departure had to wait for the hand-over
# (decision 17). In the order of `person_duties` for each person; people by when they left.
_SLOTS = ", ".join(f"('{kind.value}', ro.{column}, {rank})"
                   for rank, (kind, column) in enumerate(_SLOT_COLUMNS.items(), start=1))
_DEPARTED_HOLDERS = f"""
WITH held AS (
    SELECT s.holder AS person_id, s.kind, ro.id, ro.name, s.slot
    FROM risk_objects ro CROSS JOIN LATERAL (VALUES {_SLOTS}) AS s(kind, holder, slot)
    WHERE ro.enterprise_id = $1 AND NOT ro.retired AND s.holder IS NOT NULL
    UNION ALL
    SELECT liable_person_id, '{DutyKind.UNIT_LIABLE.value}', id, name, 0 FROM risk_units
    WHERE enterprise_id = $1 AND NOT retired
)
SELECT p.id AS person_id, p.name AS person_name, p.left_at, h.kind, h.id, h.name
FROM held h JOIN people p ON p.id = h.person_id AND p.enterprise_id = $1
WHERE p.left_at IS NOT NULL
ORDER BY p.left_at, p.name, p.id, h.kind = '{DutyKind.UNIT_LIABLE.value}', h.name, h.id, h.slot
"""


@dataclass(frozen=True)
class DepartedHolder:
    person_id: str
    name: str
    left_at: datetime
    duties: list[Duty]


async def departed_holders(db, enterprise_id: str) -> list[DepartedHolder]:
    """People of the enterprise who have left and still hold duties, each with those duties."""
    found: dict[str, DepartedHolder] = {}
    for row in await db.fetch(_DEPARTED_HOLDERS, enterprise_id):
        holder = found.setdefault(row["person_id"], DepartedHolder(row["person_id"], row["person_name"],
                                                                   row["left_at"], []))
        holder.duties.append(Duty(DutyKind(row["kind"]), row["id"], row["name"]))
    return list(found.values())


async def person_duties(db, person_id: str) -> list[Duty]:
    """What `person_id` answers for: the 包保 slots of active risk objects, the 责任人 of active
    risk units. `db` is a pool or a connection."""
    duties = []
    for row in await db.fetch(_GUARDED, person_id):
        duties += [Duty(kind, row["id"], row["name"]) for kind, column in _SLOT_COLUMNS.items()
                   if row[column] == person_id]
    duties += [Duty(DutyKind.UNIT_LIABLE, row["id"], row["name"]) for row in await db.fetch(_LIABLE, person_id)]
    return duties


async def unit_holdings(db, unit_id: str) -> list[Duty]:
    """What still hangs on an org unit: active children, people on it, the measures it carries out,
    the risk objects and units it is the responsible department of."""
    return [Duty(DutyKind(row["kind"]), row["id"], row["name"], row["context"])
            for row in await db.fetch(_HOLDINGS, unit_id)]


class DutyQueries:
    def __init__(self, pool) -> None:
        self._pool = pool

    async def person_duties(self, person_id: str) -> list[Duty]:
        return await person_duties(self._pool, person_id)

    async def unit_holdings(self, unit_id: str) -> list[Duty]:
        return await unit_holdings(self._pool, unit_id)

    async def departed_holders(self, enterprise_id: str) -> list[DepartedHolder]:
        return await departed_holders(self._pool, enterprise_id)

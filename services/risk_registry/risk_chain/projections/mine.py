""""Mine" (我的职责): everything one person is responsible for, whoever they are — the risks and
control measures of their post, the risk units they are 责任人 of, the 重大危险源 they guard as
包保责任人 (and the risks and measures under those units and sources). Each item says which
duties make it theirs (`duty_kinds`, codes of domain/duties.py's DutyKind: `measure` for their
post's measures, `unit_liable`, `guardian_principal` / `_technical` / `_operations`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from services.risk_registry.directory.lookups import DutyKind
from services.risk_registry.risk_chain.projections.chain_rows import MEASURE_ROWS, RISK_ROWS
from services.risk_registry.risk_chain.projections.queries import mark_overdue as with_overdue

_GUARDED = """
SELECT ro.*, d.name AS department_name,
       array_remove(ARRAY[CASE WHEN ro.principal_id = $2 THEN 'guardian_principal' END,
                          CASE WHEN ro.technical_id = $2 THEN 'guardian_technical' END,
                          CASE WHEN ro.operations_id = $2 THEN 'guardian_operations' END], NULL) AS duty_kinds
FROM risk_objects ro JOIN org_units d ON d.id = ro.department_id
WHERE ro.enterprise_id = $1 AND NOT ro.retired AND $2 IN (ro.principal_id, ro.technical_id, ro.operations_id)
ORDER BY ro.name, ro.id
"""

_UNITS = """
SELECT ru.*, ro.name AS object_name, ro.kind AS object_kind, d.name AS department_name
FROM risk_units ru JOIN risk_objects ro ON ro.id = ru.object_id JOIN org_units d ON d.id = ru.department_id
WHERE ru.enterprise_id = $1 AND NOT ru.retired AND ru.liable_person_id = $2
ORDER BY ro.name, ru.name, ru.id
"""


async def mine(pool: asyncpg.Pool, enterprise_id: str, person_id: str, post_id: str | None,
               today: date) -> dict[str, Any]:
    """`today`: the plant's date by the service's clock, for each risk's `reassessment_overdue`."""
    guarded = [dict(r) for r in await pool.fetch(_GUARDED, enterprise_id, person_id)]
    units = [dict(r) for r in await pool.fetch(_UNITS, enterprise_id, person_id)]
    unit_ids, source_ids = [u["id"] for u in units], [g["id"] for g in guarded]
    args = (enterprise_id, post_id, unit_ids, source_ids)
    measures = [dict(r) for r in await pool.fetch(
        f"""SELECT * FROM ({MEASURE_ROWS} WHERE cm.enterprise_id = $1 AND NOT cm.retired AND NOT re.retired) AS m
            WHERE m.responsible_post_id = $2 OR m.unit_id = ANY($3) OR m.object_id = ANY($4)
            ORDER BY m.object_name, m.unit_name, m.risk_event_name, m.classify1, m.classify2, m.id""", *args)]
    post_risks = {m["risk_event_id"] for m in measures if post_id is not None and m["responsible_post_id"] == post_id}
    risks = [dict(r) for r in await pool.fetch(
        f"""SELECT * FROM ({RISK_ROWS} WHERE re.enterprise_id = $1 AND NOT re.retired) AS r
            WHERE r.id = ANY($2) OR r.unit_id = ANY($3) OR r.object_id = ANY($4)
            ORDER BY r.level NULLS LAST, r.object_name, r.unit_name, r.name, r.id""",
        enterprise_id, sorted(post_risks), unit_ids, source_ids)]

    guards = {g["id"]: g["duty_kinds"] for g in guarded}
    with_overdue(risks, today)

    def duties(row: dict[str, Any], on_post: bool) -> list[str]:
        return ([DutyKind.MEASURE.value] if on_post else []) + \
            ([DutyKind.UNIT_LIABLE.value] if row["unit_id"] in unit_ids else []) + guards.get(row["object_id"], [])

    for m in measures:
        m["duty_kinds"] = duties(m, post_id is not None and m["responsible_post_id"] == post_id)
    for r in risks:
        r["duty_kinds"] = duties(r, r["id"] in post_risks)
    for u in units:
        u["duty_kinds"] = [DutyKind.UNIT_LIABLE.value]
    return {"risks": risks, "control_measures": measures, "risk_units": units, "major_hazard_sources": guarded}

"""The history of any aggregate of the service, either context: the row each event of a stream
becomes in an answer (`HistoryItem`), and the names that row's description refers to, from the
read models — people, org units, the risk chain and enterprises, by id, in one query
(libs/history.py's look-up) — of one enterprise only, so an id that another tenant also uses (a
token's person id, say) never shows that tenant's name."""

from __future__ import annotations

from typing import Any

import asyncpg
from pydantic import Field

from libs.openapi import Record, Timestamp


class HistoryItem(Record):
    """One event of an aggregate's stream, oldest first."""

    version: int
    type: str = Field(description="事件类型 (如 RiskAssessed)")
    data: dict[str, Any]
    actor: str | None = Field(description="操作人 (令牌中的 sub)")
    actor_name: str = Field(description="操作人姓名; 不是人员名册中的人员的账号显示为 系统管理员")
    description: str = Field(description="变更说明 (中文), 如 评价固有风险：LEC 270，较大风险")
    recorded_at: Timestamp


_NAMES = """
SELECT id, name FROM people WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM org_units WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM enterprises WHERE id = ANY($1) AND id = $2
UNION ALL SELECT id, name FROM risk_objects WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM risk_units WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, name FROM risk_events WHERE id = ANY($1) AND enterprise_id = $2
UNION ALL SELECT id, description FROM control_measures WHERE id = ANY($1) AND enterprise_id = $2
"""


def name_lookup(pool: asyncpg.Pool):
    async def lookup(enterprise_id: str, ids: set[str]) -> dict[str, str]:
        return {r["id"]: r["name"] for r in await pool.fetch(_NAMES, sorted(ids), enterprise_id)}
    return lookup

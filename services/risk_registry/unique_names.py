"""One name per parent, enforced where it cannot race: every active named thing claims its name's
key under its parent in `name_claims` (migration 0004), inside the append's transaction; the
unique index refuses a second claim, which becomes a 409 saying what already carries the name,
and the whole append rolls back. Retiring a thing gives its name back."""

from __future__ import annotations

import asyncpg

from libs.errors import Conflict
from libs.names import name_key

# kind of thing → (field, message when its name is taken under the same parent)
_CLASHES = {
    "org_unit": ("name", "同一上级下已有名为「{name}」的单位"),
    "risk_object": ("name", "本企业已有名为「{name}」的风险分析对象"),
    "risk_unit": ("name", "该风险分析对象下已有名为「{name}」的分析单元"),
    "risk_event": ("name", "该分析单元下已有名为「{name}」的风险事件"),
    "control_measure": ("description", "该风险事件下已有相同的管控措施「{name}」"),
}


def org_unit_scope(enterprise_id: str, parent_id: str | None) -> str:
    return f"{enterprise_id}/{parent_id or ''}"


async def claim(conn: asyncpg.Connection, kind: str, owner_id: str, scope: str, name: str) -> None:
    """`owner_id` now carries `name` under `scope` (a new claim or a changed one)."""
    try:
        await conn.execute(
            """INSERT INTO name_claims (owner_id, kind, scope, key) VALUES ($1, $2, $3, $4)
               ON CONFLICT (owner_id) DO UPDATE SET scope = excluded.scope, key = excluded.key""",
            owner_id, kind, scope, name_key(name))
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name != "name_claims_unique":
            raise
        field, message = _CLASHES[kind]
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise Conflict(message.format(name=shown), field=field, code="duplicate_name") from exc


async def release(conn: asyncpg.Connection, owner_id: str) -> None:
    await conn.execute("DELETE FROM name_claims WHERE owner_id = $1", owner_id)

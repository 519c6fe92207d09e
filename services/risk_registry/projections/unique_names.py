"""One name per parent, enforced where it cannot race: the unique indexes of migration 0004 on
each read model's name key, inside the append's transaction. A clash becomes a 409 that says
what already carries the name; the whole append rolls back."""

from __future__ import annotations

import asyncpg

from libs.errors import Conflict
from libs.names import name_key

# index → (field, what already carries the name, under what)
_CLASHES = {
    "org_units_name_unique": ("name", "同一上级下已有名为「{name}」的单位"),
    "risk_objects_name_unique": ("name", "本企业已有名为「{name}」的风险分析对象"),
    "risk_units_name_unique": ("name", "该风险分析对象下已有名为「{name}」的分析单元"),
    "risk_events_name_unique": ("name", "该分析单元下已有名为「{name}」的风险事件"),
    "control_measures_description_unique": ("description", "该风险事件下已有相同的管控措施「{name}」"),
}

key = name_key


async def execute(conn: asyncpg.Connection, name: str, statement: str, *args) -> None:
    """Run `statement` (an insert or update that sets a name key); a clash is a 409."""
    try:
        await conn.execute(statement, *args)
    except asyncpg.UniqueViolationError as exc:
        clash = _CLASHES.get(exc.constraint_name or "")
        if clash is None:
            raise
        field, message = clash
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise Conflict(message.format(name=shown), field=field, code="duplicate_name") from exc

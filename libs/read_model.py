"""A service schema's read model, named by difference: every object of the schema except the
event store's own — what `libs/eventstore/schema.py` creates (the log, relay checkpoints, the
inbox, the append-only trigger's function), the deadline table (`libs/deadlines/schema.py`: what
is due is the service's own state, set with the appends, not a view of the log), the tables a
migration marked as the service's own state (`libs/service_state.py`) and Alembic's version
table. A new service's read
model is therefore rebuilt without being listed anywhere.

`swap` puts a rebuilt read model in place of the live one with `ALTER … SET SCHEMA`, which keeps
each object whole — rows, indexes, constraints, owned sequences, triggers, grants — and only
changes the schema it is found in. The event store's tables never move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import asyncpg

from libs.deadlines import schema as deadline_schema
from libs.eventstore import schema as store_schema
from libs.service_state import MARK

_CREATED = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|FUNCTION|SEQUENCE|VIEW|TYPE)\s+(\w+)", re.I)


def _store_names() -> frozenset[str]:
    """Read off the store's DDL itself, so a table added there is never taken for a read model."""
    names = {"alembic_version"}
    for value in [*vars(store_schema).values(), *vars(deadline_schema).values()]:
        if isinstance(value, list):
            for statement in value:
                if isinstance(statement, str):
                    names.update(name.lower() for name in _CREATED.findall(statement))
    return frozenset(names)


STORE_OBJECTS = _store_names()

_NOT_IN_AN_EXTENSION = """NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"""

# Tables, views and sequences no column owns (an owned one moves with its table).
_RELATIONS = f"""
SELECT c.relname AS name, CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'TABLE' WHEN 'v' THEN 'VIEW'
       WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'SEQUENCE' END AS kind, '' AS signature
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND NOT (c.relkind = 'S' AND EXISTS (
      SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                  AND d.deptype IN ('a', 'i')))
  AND obj_description(c.oid, 'pg_class') IS DISTINCT FROM '{MARK}'
  AND {_NOT_IN_AN_EXTENSION.format(oid="c.oid")}
"""
_ROUTINES = f"""
SELECT p.proname AS name, CASE p.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END AS kind,
       '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND {_NOT_IN_AN_EXTENSION.format(oid="p.oid")}
"""
# Enums, ranges, domains and stand-alone composite types (a table's row type moves with it).
_TYPES = f"""
SELECT t.typname AS name, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind, '' AS signature
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE n.nspname = $1 AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c'))
  AND {_NOT_IN_AN_EXTENSION.format(oid="t.oid")}
"""


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, order=True)
class ModelObject:
    kind: str  # as ALTER names it: TABLE, VIEW, SEQUENCE, ROUTINE, TYPE, …
    name: str
    signature: str = ""  # a routine's argument types

    def moved(self, source: str, target: str) -> str:
        return f"ALTER {self.kind} {quoted(source)}.{quoted(self.name)}{self.signature} SET SCHEMA {quoted(target)}"


async def read_model(conn: asyncpg.Connection, schema: str) -> list[ModelObject]:
    """Every object of `schema` that is not the event store's, in a stable order."""
    found = []
    for query in (_TYPES, _ROUTINES, _RELATIONS):
        found += [ModelObject(r["kind"], r["name"], r["signature"]) for r in await conn.fetch(query, schema)
                  if r["name"].lower() not in STORE_OBJECTS]
    return sorted(found)


async def read_model_tables(conn: asyncpg.Connection, schema: str) -> list[str]:
    return [o.name for o in await read_model(conn, schema) if o.kind == "TABLE"]


class ModelMismatch(RuntimeError):
    """The live schema and the rebuilt one do not hold the same read model: nothing is swapped."""


async def swap(conn: asyncpg.Connection, rebuilt: str, live: str) -> list[str]:
    """In the caller's transaction: move the live read model out (and drop it), move the rebuilt
    one into `live`. Returns the names of the tables swapped in."""
    old, new = await read_model(conn, live), await read_model(conn, rebuilt)
    if old != new:
        only_live = sorted({o.name for o in old} - {o.name for o in new})
        only_rebuilt = sorted({o.name for o in new} - {o.name for o in old})
        raise ModelMismatch(f"{live} 与重建的读模型对象不一致（仅现有：{only_live or '无'}；"
                            f"仅重建：{only_rebuilt or '无'}），先运行一次该服务完成迁移；未替换")
    replaced = f"{live}_replaced"
    await conn.execute(f"DROP SCHEMA IF EXISTS {quoted(replaced)} CASCADE; CREATE SCHEMA {quoted(replaced)}")
    for obj in old:
        await conn.execute(obj.moved(live, replaced))
    for obj in new:
        await conn.execute(obj.moved(rebuilt, live))
    await conn.execute(f"DROP SCHEMA {quoted(replaced)} CASCADE")
    return [o.name for o in new if o.kind == "TABLE"]

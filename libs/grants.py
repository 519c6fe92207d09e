"""What a service's role may do in one of its schemas, applied by the owner (docs/decisions.md §32).

`grant_schema` makes the role's privileges in a schema exactly these, whatever they were:
- USAGE on the schema (never CREATE: the role owns nothing);
- an **append-only** table: SELECT and INSERT. A table is append-only when a trigger on it runs
  `events_are_immutable()`, the store's own row guard (libs/eventstore/schema.py) — the database
  itself says so, in `pg_trigger`, so there is no list to forget a table in: the event log, and
  the audit trail's entries;
- Alembic's version table: SELECT (a service started without migrating checks it is at head);
- every other table (read models, inbox, relay checkpoints, deadlines): SELECT, INSERT, UPDATE,
  DELETE — never TRUNCATE, REFERENCES or TRIGGER;
- views: SELECT; sequences: USAGE and SELECT (nextval, never setval).
It changes only what differs, in one transaction (readers see the old grants or the new), under
the schema's migration lock (concurrent GRANTs on one object fail), so it runs after every
migration and after a rebuild's swap: a rebuilt schema is a new schema and its grants follow.
"""

from __future__ import annotations

import logging

import asyncpg

from libs.roles import ident

log = logging.getLogger(__name__)

ROW_GUARD = "events_are_immutable"  # the trigger function that makes a table append-only
APPEND_ONLY = ("INSERT", "SELECT")
VERSION_TABLE = "alembic_version"
_READ_WRITE = ("DELETE", "INSERT", "SELECT", "UPDATE")
_SEQUENCE = ("SELECT", "USAGE")
_VIEW = ("SELECT",)

_HELD = """coalesce((SELECT array_agg(a.privilege_type::text)
                     FROM aclexplode({acl}) a WHERE a.grantee = $2::text::regrole), '{{}}')"""
_RELATIONS = f"""
SELECT c.relname AS name, c.relkind::text AS kind,
       EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
               WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND p.proname = $3) AS append_only,
       {_HELD.format(acl="c.relacl")} AS held
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
ORDER BY c.relname
"""
_SCHEMA = f"SELECT {_HELD.format(acl='nspacl')} FROM pg_namespace WHERE nspname = $1"
_GRANTEES = """
SELECT r.rolname FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a JOIN pg_roles r ON r.oid = a.grantee
WHERE n.nspname = $1 AND a.privilege_type = 'USAGE' AND a.grantee <> n.nspowner ORDER BY r.rolname
"""


class MissingRole(LookupError):
    """The role to grant to does not exist (an external PostgreSQL whose roles were not created)."""


def wanted(kind: str, name: str, append_only: bool) -> tuple[str, ...]:
    """The privileges a service's role gets on a relation of its schema (`kind`: pg_class.relkind)."""
    if kind == "S":
        return _SEQUENCE
    if kind in ("v", "m"):
        return _VIEW
    if append_only:
        return APPEND_ONLY
    if name == VERSION_TABLE:
        return ("SELECT",)
    return _READ_WRITE


async def grant_schema(conn: asyncpg.Connection, schema: str, role: str) -> list[str]:
    """Make `role`'s privileges in `schema` exactly those above (as the schema's owner or a
    superuser). Returns the statements it ran: none when everything was as it should be."""
    if not await conn.fetchval("SELECT true FROM pg_roles WHERE rolname = $1", role):
        raise MissingRole(f"PostgreSQL role {role} does not exist: create the roles first "
                          "(deploy/postgres/create-roles.sh; the embedded runtime makes them itself)")
    ran: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"sk-migrate:{schema}")
        target, who = ident(schema), ident(role)
        if "USAGE" not in await conn.fetchval(_SCHEMA, schema, role):
            ran.append(f"GRANT USAGE ON SCHEMA {target} TO {who}")
        for r in await conn.fetch(_RELATIONS, schema, role, ROW_GUARD):
            want = wanted(r["kind"], r["name"], r["append_only"])
            if set(r["held"]) == set(want):
                continue
            on = f"{'SEQUENCE' if r['kind'] == 'S' else 'TABLE'} {target}.{ident(r['name'])}"
            ran += [f"REVOKE ALL ON {on} FROM {who}", f"GRANT {', '.join(want)} ON {on} TO {who}"]
        for statement in ran:
            await conn.execute(statement)
    return ran


async def grantees(conn: asyncpg.Connection, schema: str) -> list[str]:
    """The roles that may use `schema` besides its owner: whom a rebuilt schema must grant to."""
    return [r["rolname"] for r in await conn.fetch(_GRANTEES, schema)]


async def grant_url(url: str, schema: str, role: str) -> list[str]:
    """`grant_schema` on a connection of its own (after a migration)."""
    conn = await asyncpg.connect(url)
    try:
        return await grant_schema(conn, schema, role)
    finally:
        await conn.close()

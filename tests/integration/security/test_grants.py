"""The grants of a schema (libs/grants.py): exactly what each table needs, read off the database
(a table is append-only when it carries the row guard), applied again without a change."""

from __future__ import annotations

import asyncpg
import pytest

from libs.eventstore.schema import APPEND_ONLY_GUARDS, append_only
from libs.grants import MissingRole, grant_schema

ACL = """SELECT c.relname, array_agg(a.privilege_type::text ORDER BY a.privilege_type) AS privileges
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
         WHERE n.nspname = $1 AND a.grantee = $2::text::regrole GROUP BY c.relname"""


async def test_each_table_gets_what_it_needs_and_a_second_pass_changes_nothing(installation):
    conn = await asyncpg.connect(installation.owner)
    try:
        role = installation.roles.of("risk_registry")
        granted = {r["relname"]: r["privileges"] for r in await conn.fetch(ACL, "risk_registry", role)}
        assert granted["events"] == ["INSERT", "SELECT"]
        assert granted["alembic_version"] == ["SELECT"]
        for table in ("inbox", "relay_checkpoints", "enterprises", "name_claims"):
            assert granted[table] == ["DELETE", "INSERT", "SELECT", "UPDATE"], table
        audit = {r["relname"]: r["privileges"] for r in await conn.fetch(ACL, "audit", installation.roles.of("audit"))}
        assert audit["audit_entries"] == ["INSERT", "SELECT"]
        assert audit["audit_chain_heads"] == ["DELETE", "INSERT", "SELECT", "UPDATE"]
        for schema, service in (("risk_registry", "risk_registry"), ("audit", "audit")):
            assert await grant_schema(conn, schema, installation.roles.of(service)) == []
    finally:
        await conn.close()


async def test_a_table_that_becomes_append_only_loses_update_and_delete(installation):
    conn = await asyncpg.connect(installation.owner)
    role = installation.roles.of("audit")
    try:
        await conn.execute("SET search_path TO audit; CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY, "
                           "body text); CREATE TABLE tallies (id serial, n int)")
        await grant_schema(conn, "audit", role)
        granted = {r["relname"]: r["privileges"] for r in await conn.fetch(ACL, "audit", role)}
        assert granted["notes"] == ["DELETE", "INSERT", "SELECT", "UPDATE"]
        assert granted["tallies_id_seq"] == ["SELECT", "USAGE"]  # a serial's nextval
        for statement in APPEND_ONLY_GUARDS + append_only("notes"):
            await conn.execute(statement)
        assert await grant_schema(conn, "audit", role) == [f'REVOKE ALL ON TABLE "audit"."notes" FROM "{role}"',
                                                           f'GRANT INSERT, SELECT ON TABLE "audit"."notes" TO "{role}"']
    finally:
        await conn.close()
    service = await asyncpg.connect(installation.of("audit"))
    try:
        await service.execute("INSERT INTO audit.notes (body) VALUES ('x'); INSERT INTO audit.tallies (n) VALUES (1)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await service.execute("UPDATE audit.notes SET body = 'y'")
    finally:
        await service.close()


async def test_granting_to_a_role_that_does_not_exist_says_how_to_make_it(installation):
    conn = await asyncpg.connect(installation.owner)
    try:
        with pytest.raises(MissingRole, match="create-roles.sh"):
            await grant_schema(conn, "audit", "nobody_made_this_role")
    finally:
        await conn.close()

"""Issue 11's bypasses of the append-only log, tried from a service's own connection, are refused,
and the log is unchanged after each; the statement guard refuses TRUNCATE even to the owner and
the superuser; a service cannot read another service's schema."""

from __future__ import annotations

import asyncpg
import pytest

from tests.integration.security.conftest import BYPASSES, append_as_the_service, events_as_stored, refused


@pytest.mark.parametrize("bypass", BYPASSES)
async def test_a_service_role_is_refused_every_bypass_and_the_log_is_unchanged(installation, bypass):
    await append_as_the_service(installation.of("risk_registry"))
    before = await events_as_stored(installation.owner)
    assert len(before) == 3
    error = await refused(installation.of("risk_registry"), BYPASSES[bypass])
    assert isinstance(error, asyncpg.InsufficientPrivilegeError), error
    assert await events_as_stored(installation.owner) == before


@pytest.mark.parametrize("who", ["owner", "superuser"])
async def test_truncate_is_refused_by_the_statement_guard_even_to_the_owner(installation, who):
    await append_as_the_service(installation.of("risk_registry"))
    before = await events_as_stored(installation.owner)
    url = installation.owner if who == "owner" else installation.superuser
    for table in ("risk_registry.events", "audit.audit_entries"):
        error = await refused(url, [f"TRUNCATE {table} CASCADE"])
        assert isinstance(error, asyncpg.RaiseError) and "TRUNCATE is refused" in str(error), error
    assert await events_as_stored(installation.owner) == before


ENTRY = ("INSERT INTO audit.audit_entries (enterprise_id, subject, chain_seq, event_id, event_type, source, "
         "occurred_at, canonical, prev_hash, hash) VALUES ('e', 's', 1, gen_random_uuid(), 't', 'src', now(), '{}', "
         "repeat('0', 64), repeat('1', 64))")


async def test_the_row_guard_refuses_the_owner_too(installation):
    await append_as_the_service(installation.of("risk_registry"))
    conn = await asyncpg.connect(installation.owner)
    try:
        await conn.execute(ENTRY)
        for statement in ("UPDATE risk_registry.events SET type = 'forged'", "DELETE FROM risk_registry.events",
                          "UPDATE audit.audit_entries SET actor = 'x'", "DELETE FROM audit.audit_entries"):
            with pytest.raises(asyncpg.RaiseError, match="append-only"):
                await conn.execute(statement)
    finally:
        await conn.close()


async def test_the_audit_role_may_append_to_the_trail_but_never_change_it(installation):
    conn = await asyncpg.connect(installation.of("audit"))
    try:
        await conn.execute(ENTRY)
        assert await conn.fetchval("SELECT count(*) FROM audit.audit_entries") == 1
    finally:
        await conn.close()
    for statements in (["UPDATE audit.audit_entries SET actor = 'someone-else'"], ["DELETE FROM audit.audit_entries"],
                       ["TRUNCATE audit.audit_entries"], ["SET LOCAL session_replication_role = replica"],
                       ["ALTER TABLE audit.audit_entries DISABLE TRIGGER ALL"]):
        error = await refused(installation.of("audit"), statements)
        assert isinstance(error, asyncpg.InsufficientPrivilegeError), (statements, error)


@pytest.mark.parametrize(("service", "other"), [("audit", "risk_registry.events"),
                                                ("risk_registry", "audit.audit_entries")])
async def test_a_service_cannot_read_another_services_schema(installation, service, other):
    error = await refused(installation.of(service), [f"SELECT * FROM {other}"])
    assert isinstance(error, asyncpg.InsufficientPrivilegeError)
    assert "permission denied for schema" in str(error)


async def test_service_roles_own_nothing_and_may_not_administer(installation):
    conn = await asyncpg.connect(installation.superuser)
    try:
        for role in installation.roles.all:
            attributes = await conn.fetchrow(
                "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin "
                "FROM pg_roles WHERE rolname = $1", role)
            assert tuple(attributes) == (False, False, False, False, False, True), role
        owned = await conn.fetch(
            """SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('risk_registry', 'audit')""")
        assert owned and {r["owner"] for r in owned} == {installation.roles.owner}
        schemas = await conn.fetch("SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace "
                                   "WHERE nspname IN ('risk_registry', 'audit')")
        assert {r["owner"] for r in schemas} == {installation.roles.owner} and len(schemas) == 2
    finally:
        await conn.close()

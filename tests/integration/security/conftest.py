"""An installation as `make run` and `shuangkong migrate` leave it (docs/decisions.md §32): a
database of the owner's, every service's schemas migrated by the owner with its role's grants,
and a URL per role. On the embedded runtime, whose roles and SCRAM secrets the runtime made."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg
import pytest

from libs.config import Settings
from libs.db import create_pool
from libs.events import NewEvent
from libs.eventstore import PostgresEventStore
from libs.roles import DatabaseRoles, prepare_database
from libs.runtime.postgres import EmbeddedPostgres
from libs.service import migrate_services
from shuangkong.catalog import catalog

# What issue 11 found succeeding from a service's own connection (superuser, trust).
BYPASSES = {
    "truncate": ["TRUNCATE risk_registry.events CASCADE"],
    "disable the trigger, then update": [
        "ALTER TABLE risk_registry.events DISABLE TRIGGER events_append_only",
        "UPDATE risk_registry.events SET data = '{}'"],
    "replica mode, then delete": [
        "SET LOCAL session_replication_role = replica",
        "DELETE FROM risk_registry.events"],
    "delete": ["DELETE FROM risk_registry.events"],
    "update": ["UPDATE risk_registry.events SET type = 'forged'"],
    "drop": ["DROP TABLE risk_registry.events CASCADE"],
    "create a table beside it": ["CREATE TABLE risk_registry.forged (x int)"],
}


async def refused(url: str, statements: list[str]) -> asyncpg.PostgresError:
    conn = await asyncpg.connect(url)
    try:
        with pytest.raises(asyncpg.PostgresError) as caught:
            async with conn.transaction():
                for statement in statements:
                    await conn.execute(statement)
        return caught.value
    finally:
        await conn.close()


@dataclass
class Installation:
    database: str
    pg: EmbeddedPostgres
    roles: DatabaseRoles

    def url(self, role: str) -> str:
        return self.pg.url_for(self.database, role)

    @property
    def owner(self) -> str:
        return self.url(self.roles.owner)

    @property
    def superuser(self) -> str:
        return self.pg.url_for(self.database)

    def of(self, service: str) -> str:
        return self.url(self.roles.of(service))

    def settings(self, service: str, **overrides) -> Settings:
        """A service's settings as the supervisor gives them: its own role to serve on."""
        return Settings(_env_file=None, database_url=self.of(service), database_role_prefix=self.roles.prefix,
                        dev_mode=True, **overrides)


@pytest.fixture
def pg(runtime) -> EmbeddedPostgres:
    if runtime.pg is None or runtime.roles is None:
        pytest.skip("the roles and secrets are the embedded runtime's (SK_TEST_BACKEND=embedded)")
    return runtime.pg


@pytest.fixture
async def unmigrated(runtime, pg) -> Installation:
    """A new installation's database, its roles and secrets, before any migration."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(runtime.admin_url)
    try:
        await prepare_database(conn, name, runtime.roles)
    finally:
        await conn.close()
    return Installation(name, pg, runtime.roles)


@pytest.fixture
async def installation(unmigrated: Installation) -> Installation:
    """The same, every service migrated."""
    await migrate_services(list(catalog().specs.values()), unmigrated.settings("audit"), unmigrated.owner)
    return unmigrated


async def append_as_the_service(url: str, streams: int = 3) -> None:
    """Events appended the way the risk registry appends them, on its own role's connection (`url`)."""
    pool = await create_pool(url, "risk_registry", max_size=2)
    try:
        store = PostgresEventStore(pool)
        for s in range(streams):
            await store.append(f"orgunit-u{s}", 0, [NewEvent(
                type="shuangkong.risk_registry.OrgUnitRenamed",
                data={"unit_id": f"u{s}", "enterprise_id": "ent-sec", "name": f"班组{s}"},
                metadata={"actor": "tester", "enterprise_id": "ent-sec"})])
    finally:
        await pool.close()


async def events_as_stored(url: str) -> list[tuple]:
    conn = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await conn.fetch("SELECT position, event_id, stream_id, version, type, data::text "
                                                   "FROM risk_registry.events ORDER BY position")]
    finally:
        await conn.close()

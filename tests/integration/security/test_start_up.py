"""A service's start-up and the database (docs/decisions.md §32): given the owner's URL it migrates,
grants, then serves as its own role; without it, it serves only a schema at head and refuses to
start otherwise, telling the operator what to run. Running as their own roles, the services do
all their work (appends, relay, consumer inbox, the audit trail), and a rebuild keeps their grants."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import asyncpg
import pytest

from libs.migrations import SchemaNotCurrent, upgrade, upgrade_async
from libs.rebuild import rebuild_service
from services.audit.app import SPEC as AUDIT
from services.audit.app import create_app as create_audit
from services.risk_registry.app import SPEC as REGISTRY
from services.risk_registry.app import create_app as create_registry
from shuangkong.catalog import catalog
from tests.integration.audit.conftest import CODE, wait_for_entries
from tests.integration.service_client import running, token

ROOT = Path(__file__).resolve().parents[3]
ACL = """SELECT c.relname, a.privilege_type FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
                aclexplode(c.relacl) a WHERE n.nspname = $1 AND a.grantee = $2::text::regrole ORDER BY 1, 2"""


async def start(app) -> None:
    async with running(app):
        pass


async def test_without_the_owners_url_a_never_migrated_schema_refuses_to_start(unmigrated, runtime, topic_prefix):
    app = create_audit(unmigrated.settings("audit", kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix))
    with pytest.raises(SchemaNotCurrent, match=r"schema audit is at nothing .*shuangkong migrate audit"):
        await start(app)


async def test_without_the_owners_url_a_schema_behind_its_head_refuses_to_start(unmigrated, runtime, topic_prefix):
    await asyncio.to_thread(upgrade, AUDIT.migrations, unmigrated.owner, "audit", "0001")
    conn = await asyncpg.connect(unmigrated.owner)
    try:  # the role may read the version table (granted by hand here, as a migration of 0001 would have)
        await conn.execute(f"GRANT USAGE ON SCHEMA audit TO {unmigrated.roles.of('audit')}; "
                           f"GRANT SELECT ON audit.alembic_version TO {unmigrated.roles.of('audit')}")
    finally:
        await conn.close()
    app = create_audit(unmigrated.settings("audit", kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix))
    with pytest.raises(SchemaNotCurrent, match=r"schema audit is at 0001, this code needs 0\d+"):
        await start(app)


async def test_without_grants_the_role_is_told_to_migrate(unmigrated, runtime, topic_prefix):
    await upgrade_async(AUDIT.migrations, unmigrated.owner, "audit")  # migrated, but no grants applied
    app = create_audit(unmigrated.settings("audit", kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix))
    with pytest.raises(SchemaNotCurrent, match=r"may not read schema audit .*shuangkong migrate audit"):
        await start(app)


async def test_given_the_owners_url_a_service_migrates_then_serves_as_its_own_role(unmigrated, runtime,
                                                                                  topic_prefix):
    settings = unmigrated.settings("audit", migration_database_url=unmigrated.owner,
                                   kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix)
    app = create_audit(settings)
    async with running(app):
        assert await app.state.pool.fetchval("SELECT current_user") == unmigrated.roles.of("audit")
    conn = await asyncpg.connect(unmigrated.superuser)
    try:
        assert await conn.fetchval("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'audit'") \
            == unmigrated.roles.owner
    finally:
        await conn.close()


async def test_services_do_all_their_work_as_their_own_roles_and_a_rebuild_keeps_their_grants(
        installation, runtime, topic_prefix):
    def settings(service: str):
        return installation.settings(service, kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix)

    owner = await asyncpg.connect(installation.owner)
    try:
        grants_before = {s: await owner.fetch(ACL, s, installation.roles.of(s)) for s in ("risk_registry", "audit")}
        async with AsyncExitStack() as stack:
            registry_app, audit_app = create_registry(settings("risk_registry")), create_audit(settings("audit"))
            registry = await stack.enter_async_context(running(registry_app))
            audit = await stack.enter_async_context(running(audit_app))
            for app, service in ((registry_app, "risk_registry"), (audit_app, "audit")):
                assert await app.state.pool.fetchval("SELECT current_user") == installation.roles.of(service)
            admin = token(settings("risk_registry"), None, "platform_admin")
            eid = (await registry.post("/enterprises", headers=admin, json={
                "name": "最小权限化工", "credit_code": CODE, "industry": "工贸"})).json()["id"]
            officer = token(settings("audit"), eid, "safety_officer")
            r = await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                    json={"kind": "department", "name": "生产部"})
            assert r.status_code == 201, r.text
            await wait_for_entries(audit, eid, officer, 2)  # relayed, consumed, chained: all as their roles
            assert (await audit.get(f"/enterprises/{eid}/verify", headers=officer)).json()["ok"] is True

            owner_settings = settings("audit").model_copy(update={"migration_database_url": installation.owner})
            for spec in (REGISTRY, AUDIT):
                await rebuild_service(spec, owner_settings, show_progress=False)
            for s in ("risk_registry", "audit"):  # rebuilt schemas grant what the live ones did
                assert await owner.fetch(ACL, s, installation.roles.of(s)) == grants_before[s]
            r = await registry.post(f"/enterprises/{eid}/org-units", headers=officer,
                                    json={"kind": "department", "name": "储运部"})
            assert r.status_code == 201, r.text
            await wait_for_entries(audit, eid, officer, 3)  # the rebuilt trail takes appends from its role
            units = (await registry.get(f"/enterprises/{eid}/org-units", headers=officer)).json()
            assert {u["name"] for u in units["items"]} >= {"生产部", "储运部"}
    finally:
        await owner.close()


async def test_shuangkong_migrate_is_what_an_init_container_runs(unmigrated, runtime, topic_prefix, tmp_path):
    def migrate(**env: str) -> subprocess.CompletedProcess:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("SK_")}
        return subprocess.run([sys.executable, "-m", "shuangkong", "migrate"], cwd=ROOT, capture_output=True,
                              text=True, timeout=240, env={**clean, "SK_RUN_DIR": str(tmp_path / "run"), **env})

    nowhere = await asyncio.to_thread(migrate)  # neither a URL nor a `make run` beside it
    assert nowhere.returncode == 2 and "make run" in nowhere.stderr and "SK_MIGRATION_DATABASE_URL" in nowhere.stderr
    done = await asyncio.to_thread(migrate, SK_MIGRATION_DATABASE_URL=unmigrated.owner)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"migrated: {', '.join(catalog().names)}" in done.stdout  # every service, in the catalog's order
    assert unmigrated.pg.secrets.read(unmigrated.roles.owner) not in done.stdout + done.stderr
    app = create_audit(unmigrated.settings("audit", kafka_bootstrap=runtime.bootstrap, topic_prefix=topic_prefix))
    async with running(app):  # no owner's URL: the schemas are at head, the grants in place
        assert await app.state.pool.fetchval("SELECT current_user") == unmigrated.roles.of("audit")

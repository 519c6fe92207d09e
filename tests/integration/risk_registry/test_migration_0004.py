"""Migration 0004 on a database written before it: the current grades are recomputed by
assessment date (a back-dated assessment entered last stops colouring the map), and the names
already stored claim their keys (duplicates stored before the rule are kept, later ones refused)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import asyncpg

from libs.migrations import upgrade
from services.risk_registry.app import SPEC

T0 = datetime(2026, 11, 1, 8, 0)
SCHEMA = "risk_registry_m"  # a schema of its own, upgraded step by step


async def test_upgrade_recomputes_current_grades_and_claims_existing_names(database_url):
    await upgrade_to(database_url, "0003")
    conn = await asyncpg.connect(database_url, server_settings={"search_path": SCHEMA})
    try:
        await conn.execute("""INSERT INTO enterprises VALUES ('e', '某公司', '91350100M000100Y43', NULL, '工贸',
                              now(), now(), 1)""")
        for unit_id in ("d1", "d2"):  # two departments 生产部, stored before the rule
            await conn.execute("INSERT INTO org_units (id, enterprise_id, kind, name, parent_id, created_at, "
                               "updated_at, version) VALUES ($1, 'e', 'department', '生产部', NULL, now(), now(), 1)",
                               unit_id)
        await conn.execute("INSERT INTO people (id, enterprise_id, name, mobile, roles, created_at, updated_at, "
                           "version) VALUES ('p', 'e', '张三', '13800000000', '{worker}', now(), now(), 1)")
        await conn.execute("INSERT INTO risk_objects (id, enterprise_id, kind, name, department_id, updated_at, "
                           "version) VALUES ('o', 'e', 'area', '办公楼', 'd1', now(), 1)")
        await conn.execute("INSERT INTO risk_units (id, enterprise_id, object_id, name, department_id, "
                           "liable_person_id, updated_at, version) VALUES ('u', 'e', 'o', '办公楼单元', 'd1', 'p', "
                           "now(), 1)")
        # As the old projection left it: graded by the back-dated assessment entered last.
        await conn.execute("""INSERT INTO risk_events (id, enterprise_id, unit_id, name, accident_types, consequence,
                              inherent_method, inherent_value, inherent_level, control_level, reassess_on,
                              updated_at, version)
                              VALUES ('r', 'e', 'u', '火灾', '{8}', '伤亡', 'LEC', 720, 1, 'company', '2021-05-01',
                                      now(), 3)""")
        for i, (value, level, on) in enumerate([(2, 4, date(2026, 11, 1)), (720, 1, date(2020, 5, 1))]):
            await conn.execute(
                """INSERT INTO risk_assessments VALUES ($1, 'r', 'e', 'inherent', $2, '{}', $3, $4, 'post', 'o',
                   $5, $6, $7)""",
                f"a{i}", "LS" if value == 2 else "LEC", value, level, on, on + timedelta(days=365),
                T0 + timedelta(minutes=i))

        await upgrade_to(database_url, "head")

        risk = await conn.fetchrow("SELECT * FROM risk_events WHERE id = 'r'")
        assert (risk["inherent_level"], risk["inherent_method"], risk["control_level"]) == (4, "LS", "post")
        assert (risk["inherent_assessed_on"], risk["reassess_on"]) == (date(2026, 11, 1), date(2027, 11, 1))
        claims = await conn.fetch("SELECT owner_id, key FROM name_claims WHERE kind = 'org_unit' ORDER BY owner_id")
        assert [c["key"] for c in claims] == ["生产部", "生产部#d2"]
        try:
            await conn.execute("INSERT INTO name_claims VALUES ('d3', 'org_unit', 'e/', '生产部')")
            raise AssertionError("a third 生产部 was accepted")
        except asyncpg.UniqueViolationError:
            pass
    finally:
        await conn.close()


async def upgrade_to(url: str, revision: str) -> None:
    await asyncio.to_thread(upgrade, SPEC.migrations, url, SCHEMA, revision)

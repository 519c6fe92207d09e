"""The coverage report's SQL reads a risk's grade as the registry does, from the replica's rows
(replica migration 0002): per stage the latest assessment by date, on the same date the later
record; a back-dated assessment grades nothing; a re-grading later in the stream wins until the
next assessment; the residual stage once there is one; a unit at its highest live risk; a retired
risk or unit counts for nothing. Rows are written as the replica would write them."""

from __future__ import annotations

import asyncpg

from services.inspection.app import create_app
from services.inspection.domain.coverage_rules import ControlLevel
from tests.integration.service_client import running, settings_for

D = "inspection_directory"
EID = "ent-grades"


async def _assessed(conn, aid: str, risk: str, stage: str, level: int, control: str, on: str, version: int):
    await conn.execute(f"""INSERT INTO {D}.risk_assessments (assessment_id, enterprise_id, risk_event_id, stage,
                               level, control_level, assessed_on, fact_version)
                           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
                       aid, EID, risk, stage, level, control, on, version)


async def test_the_current_grade_follows_the_registrys_rule(runtime, database_url, topic_prefix):
    app = create_app(settings_for(database_url, runtime.bootstrap, topic_prefix))
    async with running(app):
        conn = await asyncpg.connect(database_url)
        try:
            await conn.executemany(f"""INSERT INTO {D}.risk_units (unit_id, enterprise_id, object_id, name,
                                           fact_version, retired) VALUES ($1, $2, 'o-1', $1, 1, $3)""",
                                   [("u-1", EID, False), ("u-2", EID, False), ("u-gone", EID, True)])
            await conn.executemany(f"""INSERT INTO {D}.risk_events (risk_event_id, enterprise_id, unit_id, name,
                                                                    fact_version, retired)
                                       VALUES ($1, $2, $3, $1, 1, $4)""",
                                   [("r-1", EID, "u-1", False), ("r-2", EID, "u-1", False), ("r-3", EID, "u-2", False),
                                    ("r-old", EID, "u-2", True), ("r-4", EID, "u-gone", False)])
            # r-1: assessed 较大, then a back-dated 重大 that grades nothing.
            await _assessed(conn, "a-1", "r-1", "inherent", 2, "department", "2026-11-01", 2)
            await _assessed(conn, "a-2", "r-1", "inherent", 1, "company", "2026-10-01", 3)
            # r-2: 一般, re-graded to 较大 by a policy change, assessed again 低 on a later date.
            await _assessed(conn, "a-3", "r-2", "inherent", 3, "team", "2026-11-01", 2)
            await conn.execute(f"""INSERT INTO {D}.risk_regrades (risk_event_id, stage, enterprise_id, level,
                                       control_level, fact_version)
                                   VALUES ('r-2', 'inherent', $1, 2, 'department', 3)""", EID)
            # r-3: inherent 重大, residual 一般 after controls: the residual is current.
            await _assessed(conn, "a-4", "r-3", "inherent", 1, "company", "2026-11-01", 2)
            await _assessed(conn, "a-5", "r-3", "residual", 3, "team", "2026-11-02", 3)
            await _assessed(conn, "a-6", "r-old", "inherent", 1, "company", "2026-11-01", 2)  # retired: no grade
            await conn.executemany(f"""INSERT INTO {D}.control_measures (measure_id, enterprise_id, risk_event_id,
                                       description, classify1, classify2, data_source, responsible_post_id,
                                       fact_version)
                                       VALUES ($1, $2, $3, $1, '1', '1-1', '2', 'p-1', 1)""",
                                   [(f"m-{r}", EID, r) for r in ("r-1", "r-2", "r-3", "r-4")])
            facts = app.state.inspection.coverage.facts
            units = {u.id: u.level for u in (await facts.facts(EID)).units}
            measures = {m.id: m.control_level for m in (await facts.facts(EID)).measures}
            assert units == {"u-1": 2, "u-2": 3}
            assert measures == {"m-r-1": ControlLevel.DEPARTMENT, "m-r-2": ControlLevel.DEPARTMENT,
                                "m-r-3": ControlLevel.TEAM}  # the retired unit's measure is not live

            await _assessed(conn, "a-7", "r-2", "inherent", 4, "post", "2026-11-05", 4)
            measures = {m.id: m.control_level for m in (await facts.facts(EID)).measures}
            assert measures["m-r-2"] is ControlLevel.POST  # the later assessment wins over the re-grading
            assert {u.id: u.level for u in (await facts.facts(EID)).units} == {"u-1": 2, "u-2": 3}
            assert (await facts.facts("ent-other")).units == []
        finally:
            await conn.close()

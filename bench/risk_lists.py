"""Measurement 6 — the risk registry's heavy reads, through its HTTP API in a child process:

- the 三清单 XLSX exports with 10k risk events and 30k control measures (targets: ≤ 5 s each and
  ≤ 300 MB peak RSS of the service);
- the four-colour map of 500 areas (target ≤ 500 ms).

The read model is seeded straight with SQL (`generate_series`): what is measured is the export
and the rendering, not how fast the data was entered.
"""

from __future__ import annotations

import time

import httpx

from bench.console import Step
from bench.memory import PeakMemory
from bench.plan import Plan
from bench.report import Measured, Row, Target
from bench.runtime import BenchRuntime
from libs.auth import issue_token
from libs.config import Settings
from libs.migrations import upgrade_async
from libs.runtime.service_process import ServiceProcess, service_env
from services.risk_registry.app import SPEC as REGISTRY

EXPORT_TARGET = Target("value", at_most=5.0, text="≤ 5 s")
MAP_TARGET = Target("value", at_most=500.0, text="≤ 500 ms")
MEMORY_LIMIT_MIB = 300
EID = "bench-enterprise"

SEED = """
INSERT INTO enterprises VALUES ('{e}', '基准测试化工有限公司', '91350100M000100Y43', '330200001', '危化',
                                now(), now(), 1);
INSERT INTO org_units SELECT 'd' || g, '{e}', 'department', '部门' || g, NULL, false, now(), now(), 1
  FROM generate_series(1, 10) g;
INSERT INTO org_units SELECT 'p' || g, '{e}', 'post', '岗位' || g, 'd' || (g % 10 + 1), false, now(), now(), 1
  FROM generate_series(1, 50) g;
INSERT INTO people SELECT 'u' || g, '{e}', '员工' || g, '139' || lpad(g::text, 8, '0'), 'p' || (g % 50 + 1),
  ARRAY['worker'], NULL, now(), now(), 1 FROM generate_series(1, 100) g;
INSERT INTO risk_objects (id, enterprise_id, kind, name, code, department_id, outline, updated_at, version)
  SELECT 'o' || g, '{e}', 'area', '区域' || g, 'A-' || g, 'd' || (g % 10 + 1),
         jsonb_build_array(jsonb_build_array(x, y), jsonb_build_array(x + 40, y), jsonb_build_array(x + 40, y + 25),
                           jsonb_build_array(x, y + 25)), now(), 1
  FROM (SELECT g, (g % 25) * 45 AS x, (g / 25) * 30 AS y FROM generate_series(0, {areas} - 1) g) s;
INSERT INTO risk_units SELECT 'ru' || g, '{e}', 'o' || (g % {areas}), '单元' || g, 'd' || (g % 10 + 1),
  'u' || (g % 100 + 1), false, now(), 1 FROM generate_series(1, 2000) g;
INSERT INTO risk_events (id, enterprise_id, unit_id, name, accident_types, consequence, inherent_method,
                         inherent_value, inherent_level, residual_method, residual_value, residual_level,
                         control_level, reassess_on, updated_at, version)
  SELECT 're' || g, '{e}', 'ru' || (g % 2000 + 1), '风险事件' || g || '：储罐超温分解', ARRAY[8, 17],
         '设备损坏，人员伤亡', 'LEC', 360, 1, 'LS', 8, g % 4 + 1,
         (ARRAY['company','department','team','post'])[g % 4 + 1], current_date + 365, now(), 3
  FROM generate_series(1, {risks}) g;
INSERT INTO control_measures SELECT 'm' || g, '{e}', 're' || (g % {risks} + 1),
  '设置温度高高联锁并定期校验，联锁动作后自动开启喷淋降温' || g, '1', '1-4', NULL, '2',
  '检查联锁投用状态、喷淋阀门开关灵活、温度计示值正常', 'p' || (g % 50 + 1), false, now(), 1
  FROM generate_series(1, {measures}) g;
"""


async def _seed(url: str, risks: int, measures: int, areas: int) -> None:
    import asyncpg

    await upgrade_async(REGISTRY.migrations, url, "risk_registry")
    conn = await asyncpg.connect(url, server_settings={"search_path": "risk_registry"})
    try:
        await conn.execute(SEED.format(e=EID, risks=risks, measures=measures, areas=areas))
    finally:
        await conn.close()


async def measure(runtime: BenchRuntime, plan: Plan, step: Step) -> Measured:
    risks, measures, areas = (10_000, 30_000, 500) if not plan.quick else (2_000, 6_000, 500)
    url = await runtime.create_database("bench_lists")
    step.say(f"seeding {risks:,} risk events and {measures:,} control measures")
    await _seed(url, risks, measures, areas)
    service = ServiceProcess("risk_registry", service_env(url, runtime.bootstrap, "bench-lists."),
                             runtime.log_dir / "risk_registry-lists.log").start(wait=False)
    rows: list[Row] = []
    try:
        service.wait_ready()
        headers = {"Authorization": "Bearer " + issue_token(Settings(), person_id="bench", enterprise_id=EID,
                                                            roles=["safety_officer"])}
        with PeakMemory("三清单 export").watch("risk_registry", service.pid) as peaks:
            async with httpx.AsyncClient(base_url=service.url, headers=headers, timeout=120) as api:
                for name in ("risks", "control-measures", "responsibilities"):
                    step.say(f"exporting {name}.xlsx")
                    started = time.perf_counter()
                    r = await api.get(f"/enterprises/{EID}/lists/{name}", params={"format": "xlsx"})
                    seconds = time.perf_counter() - started
                    r.raise_for_status()
                    rows.append(Row("risk_lists", f"{name}.xlsx ({len(r.content) // 1024:,} KiB)", round(seconds, 2),
                                    "s", target=EXPORT_TARGET))
                    step.log(f"{name}.xlsx in {seconds:.2f} s")
                step.say(f"rendering the map of {areas} areas")
                timings = []
                for _ in range(5):
                    started = time.perf_counter()
                    r = await api.get(f"/enterprises/{EID}/map.svg")
                    timings.append((time.perf_counter() - started) * 1000)
                    r.raise_for_status()
                map_ms = sorted(timings)[len(timings) // 2]
                rows.append(Row("risk_lists", f"map.svg of {areas} areas (median of 5)", round(map_ms, 1), "ms",
                                target=MAP_TARGET))
    finally:
        service.stop()
    memory = peaks.results()
    peak = memory[0].peak_mib
    rows.append(Row("risk_lists", "peak RSS of risk_registry during the exports", peak, "MiB",
                    target=Target("value", at_most=MEMORY_LIMIT_MIB, text=f"≤ {MEMORY_LIMIT_MIB} MiB")))
    step.finish(f"done; exports {', '.join(str(r.value) for r in rows[:3])} s, map {map_ms:.0f} ms, {peak} MiB")
    return Measured(rows=rows, memory=memory, details={"risks": risks, "measures": measures, "areas": areas,
                                                       "map_ms": timings})

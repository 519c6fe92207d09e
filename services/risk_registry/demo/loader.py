"""Load the demo plant through the same command handlers users go through.

Idempotent and resumable: every item is looked up by name under its parent first and only
created when missing, so a second start (or one after a crash half-way) adds nothing twice.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from libs.repository import CommandContext
from services.risk_registry.directory.application import commands as dc
from services.risk_registry.directory.application import handlers as dh
from services.risk_registry.risk_chain.application import commands as rc
from services.risk_registry.risk_chain.application import handlers as rh

log = logging.getLogger(__name__)
LOADER = "demo-loader"


class DemoLoader:
    def __init__(self, directory: dh.Directory, chain: rh.RiskChain, pool, today: date) -> None:
        self.d, self.ch, self.pool, self.today = directory, chain, pool, today
        self.created = 0

    async def _find(self, sql: str, *args) -> str | None:
        return await self.pool.fetchval(sql, *args)

    async def _ensure(self, sql: str, args: tuple, create) -> str:
        found = await self._find(sql, *args)
        if found:
            return found
        self.created += 1
        return await create()

    async def load(self, data) -> str:
        e = data.ENTERPRISE
        operator = CommandContext(LOADER, None, "demo-plant")
        eid = await self._ensure(
            "SELECT id FROM enterprises WHERE credit_code = $1", (e["credit_code"],),
            lambda: dh.register_enterprise(dc.RegisterEnterprise(**e), self.d, operator))
        ctx = CommandContext(LOADER, eid, "demo-plant")
        units = await self._org_tree(eid, data.DEPARTMENTS, ctx)
        people = await self._people(eid, data.PEOPLE, units, ctx)
        for obj in data.OBJECTS:
            await self._object(eid, obj, units, people, ctx)
        log.info("demo plant: %d items created", self.created)
        return eid

    async def _org_unit(self, eid: str, kind: str, name: str, parent_id: str | None, ctx) -> str:
        return await self._ensure(
            """SELECT id FROM org_units WHERE enterprise_id = $1 AND kind = $2 AND name = $3
               AND parent_id IS NOT DISTINCT FROM $4 AND NOT retired""", (eid, kind, name, parent_id),
            lambda: dh.create_org_unit(dc.CreateOrgUnit(kind=kind, name=name, parent_id=parent_id).for_(eid), self.d,
                                       ctx))

    async def _org_tree(self, eid: str, departments, ctx) -> dict[str, str]:
        ids: dict[str, str] = {}
        for dept in departments:
            dept_id = ids[dept["name"]] = await self._org_unit(eid, "department", dept["name"], None, ctx)
            for post in dept.get("posts", []):
                ids[post] = await self._org_unit(eid, "post", post, dept_id, ctx)
            for team in dept.get("teams", []):
                team_id = ids[team["name"]] = await self._org_unit(eid, "team", team["name"], dept_id, ctx)
                for post in team.get("posts", []):
                    ids[post] = await self._org_unit(eid, "post", post, team_id, ctx)
        return ids

    async def _people(self, eid: str, people, units: dict[str, str], ctx) -> dict[str, str]:
        ids = {}
        for p in people:
            cmd = dc.RegisterPerson(name=p["name"], mobile=p["mobile"], roles=p["roles"],
                                    post_id=units[p["post"]] if p.get("post") else None)
            ids[p["name"]] = await self._ensure(
                "SELECT id FROM people WHERE enterprise_id = $1 AND mobile = $2 AND left_at IS NULL",
                (eid, p["mobile"]), lambda cmd=cmd: dh.register_person(cmd.for_(eid), self.d, ctx))
        return ids

    async def _object(self, eid: str, obj, units, people, ctx) -> None:
        cmd = rc.RegisterRiskObject(kind=obj["kind"], name=obj["name"], code=obj.get("code"),
                                    department_id=units[obj["department"]], outline=obj.get("outline"))
        object_id = await self._ensure(
            "SELECT id FROM risk_objects WHERE enterprise_id = $1 AND name = $2 AND NOT retired", (eid, obj["name"]),
            lambda: rh.register_object(cmd.for_(eid), self.ch, ctx))
        if obj.get("rating") and not await self._find("SELECT r_value FROM risk_objects WHERE id = $1", object_id):
            await rh.rate_major_hazard(rc.RateMajorHazard(**obj["rating"]).for_(eid, object_id), self.ch, ctx)
        if obj.get("guardians") and not await self._find("SELECT principal_id FROM risk_objects WHERE id = $1",
                                                         object_id):
            g = obj["guardians"]
            await rh.assign_guardians(rc.AssignGuardians(
                principal_id=people[g["principal"]], technical_id=people[g["technical"]],
                operations_id=people[g["operations"]]).for_(eid, object_id), self.ch, ctx)
        for unit in obj.get("units", []):
            ucmd = rc.CreateRiskUnit(object_id=object_id, name=unit["name"], department_id=units[unit["department"]],
                                     liable_person_id=people[unit["liable"]])
            unit_id = await self._ensure(
                "SELECT id FROM risk_units WHERE object_id = $1 AND name = $2 AND NOT retired",
                (object_id, unit["name"]),
                lambda ucmd=ucmd: rh.create_unit(ucmd.for_(eid), self.ch, ctx))
            for risk in unit.get("risks", []):
                await self._risk(eid, unit_id, risk, units, ctx)

    async def _risk(self, eid: str, unit_id: str, risk, units, ctx) -> None:
        cmd = rc.IdentifyRiskEvent(unit_id=unit_id, name=risk["name"], accident_types=risk["accident_types"],
                                   consequence=risk["consequence"])
        risk_id = await self._ensure(
            "SELECT id FROM risk_events WHERE unit_id = $1 AND name = $2 AND NOT retired", (unit_id, risk["name"]),
            lambda: rh.identify_risk(cmd.for_(eid), self.ch, ctx))
        for stage in ("inherent", "residual"):
            if stage in risk and not await self._find(f"SELECT {stage}_level FROM risk_events WHERE id = $1", risk_id):
                await rh.assess_risk(rc.AssessRisk(
                    stage=stage, method=risk[stage]["method"], inputs=risk[stage]["inputs"],
                    assessed_on=self.today, reassess_on=self.today + timedelta(days=365)).for_(eid, risk_id),
                    self.ch, ctx)
        for m in risk.get("measures", []):
            mcmd = rc.DefineControlMeasure(
                risk_event_id=risk_id, description=m["description"], classify1=m["classify1"],
                classify2=m["classify2"], classify3=m.get("classify3"), data_source=m["data_source"],
                inspection_content=m["inspection_content"], responsible_post_id=units[m["post"]])
            await self._ensure(
                "SELECT id FROM control_measures WHERE risk_event_id = $1 AND description = $2 AND NOT retired",
                (risk_id, m["description"]), lambda mcmd=mcmd: rh.define_measure(mcmd.for_(eid), self.ch, ctx))

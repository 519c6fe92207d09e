"""Helpers for the directory's tenancy, fuzz and atomicity tests: build a small enterprise over
HTTP, make valid credit codes, and look at what the service stored (events and read model)
straight from PostgreSQL."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import asyncpg
import httpx

from services.risk_registry.directory.domain.identifiers import uscc_check_char
from tests.integration.service_client import token

SCHEMA = "risk_registry"
_codes = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    """A valid 统一社会信用代码 that no fixture uses: 9135020 + 10 digits + check character."""
    first17 = f"9135020{(serial if serial is not None else next(_codes)) % 10**10:010d}"
    return first17 + uscc_check_char(first17)


def error_shape_ok(body: object) -> bool:
    return isinstance(body, dict) and {"code", "message", "field"} <= body.keys()


@dataclass
class Seeded:
    """One enterprise with 部门 → 班组 → 岗位, two empty 部门 (`empty` can be retired, `other` can
    take the team), and a person on the post."""

    id: str
    officer: dict[str, str]
    worker: dict[str, str]
    dept: str
    team: str
    post: str
    empty: str
    other: str
    person: str
    raw: dict = field(default_factory=dict)

    def ids(self) -> dict[str, str]:
        return {"e": self.id, "u": self.dept, "team": self.team, "post": self.post, "empty": self.empty,
                "other": self.other, "p": self.person}


async def _created(r: httpx.Response) -> dict:
    assert r.status_code == 201, r.text
    return r.json()


async def seed(api: httpx.AsyncClient, enterprise: dict, *, tag: str, mobile: str) -> Seeded:
    eid = enterprise["id"]
    officer = token(api.settings, eid, "safety_officer", person=f"officer-{tag}")
    worker = token(api.settings, eid, "worker", person=f"worker-{tag}")
    units = f"/enterprises/{eid}/org-units"
    dept = await _created(await api.post(units, headers=officer, json={"kind": "department", "name": f"生产部{tag}"}))
    empty = await _created(await api.post(units, headers=officer, json={"kind": "department", "name": f"备用部{tag}"}))
    other = await _created(await api.post(units, headers=officer, json={"kind": "department", "name": f"设备部{tag}"}))
    team = await _created(await api.post(units, headers=officer,
                                         json={"kind": "team", "name": f"氢化班{tag}", "parent_id": dept["id"]}))
    post = await _created(await api.post(units, headers=officer,
                                         json={"kind": "post", "name": f"操作工{tag}", "parent_id": team["id"]}))
    person = await _created(await api.post(f"/enterprises/{eid}/people", headers=officer,
                                           json={"name": f"张伟{tag}", "mobile": mobile, "post_id": post["id"]}))
    return Seeded(eid, officer, worker, dept["id"], team["id"], post["id"], empty["id"], other["id"],
                  person["id"], enterprise)


async def register(api: httpx.AsyncClient, admin: dict, code: str,
                   name: str = "某某机械制造有限公司") -> httpx.Response:
    return await api.post("/enterprises", headers=admin, json={"name": name, "credit_code": code, "industry": "工贸"})


async def connect(database_url: str) -> asyncpg.Connection:
    return await asyncpg.connect(database_url, server_settings={"search_path": SCHEMA})


async def event_count(conn: asyncpg.Connection, where: str = "true", *args) -> int:
    return await conn.fetchval(f"SELECT count(*) FROM {SCHEMA}.events WHERE {where}", *args)


async def read_model(conn: asyncpg.Connection) -> dict[str, list[dict]]:
    """Every row of the directory read model, in a stable order."""
    return {
        table: [dict(r) for r in await conn.fetch(f"SELECT * FROM {SCHEMA}.{table} ORDER BY id")]
        for table in ("enterprises", "org_units", "people")
    }


async def stored_state(conn: asyncpg.Connection) -> tuple[int, int, dict[str, list[dict]]]:
    """(events, highest position, read model): equal before and after means nothing was written."""
    events = await event_count(conn)
    top = await conn.fetchval(f"SELECT coalesce(max(position), 0) FROM {SCHEMA}.events")
    return events, top, await read_model(conn)

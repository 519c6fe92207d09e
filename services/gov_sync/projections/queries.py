"""Reads of gov sync: the targets (never a secret: the table holds none), the snapshots of an
enterprise with the facts their mapping needs (schema-qualified: the projection's own schema), and
the send ledger's acknowledged hashes."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from libs.pagination import PageParams
from services.gov_sync.domain.snapshot_rows import Facts, StoredSnapshot
from services.gov_sync.domain.snapshots import EnterpriseCodes, Entity
from services.gov_sync.projections.snapshots import SCHEMA as S

_TARGET = """SELECT id, enterprise_id, name, dialect, base_url, entities, batch_size, iv_rule, ca_bundle,
                    has_aes_key, has_credentials, created_at, updated_at, version
             FROM sync_targets WHERE enterprise_id = $1 AND NOT retired"""


class SqlGovSync:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def target(self, enterprise_id: str, target_id: str) -> dict[str, Any] | None:
        row = await self.pool.fetchrow(_TARGET + " AND id = $2", enterprise_id, target_id)
        return dict(row) if row else None

    async def targets(self, enterprise_id: str, p: PageParams) -> tuple[list[dict[str, Any]], int]:
        rows = await self.pool.fetch(_TARGET + " ORDER BY created_at, id LIMIT $2 OFFSET $3",
                                     enterprise_id, p.limit, p.offset)
        total = await self.pool.fetchval("SELECT count(*) FROM sync_targets WHERE enterprise_id = $1 AND NOT retired",
                                         enterprise_id)
        return [dict(r) for r in rows], total

    async def snapshots(self, enterprise_id: str, entities: list[int]) -> list[StoredSnapshot]:
        rows = await self.pool.fetch(
            f"""SELECT entity, id, parent_id, fields, created_at, created_by, updated_at, updated_by, deleted
                FROM {S}.snapshots WHERE enterprise_id = $1 AND entity = ANY($2::smallint[]) ORDER BY entity, id""",
            enterprise_id, entities)
        return [StoredSnapshot(entity=Entity(r["entity"]), id=r["id"], parent_id=r["parent_id"],
                               fields=_json(r["fields"]), created_at=r["created_at"], created_by=r["created_by"],
                               updated_at=r["updated_at"], updated_by=r["updated_by"], deleted=r["deleted"])
                for r in rows]

    async def facts(self, enterprise_id: str) -> Facts:
        async with self.pool.acquire() as conn:
            people = await conn.fetch(f"SELECT person_id, name FROM {S}.people WHERE enterprise_id = $1", enterprise_id)
            units = await conn.fetch(f"SELECT unit_id, name FROM {S}.org_units WHERE enterprise_id = $1", enterprise_id)
            objects = await conn.fetch(f"SELECT object_id, code, major FROM {S}.objects WHERE enterprise_id = $1",
                                       enterprise_id)
            levels = await conn.fetch(f"""SELECT unit_id, min(level) AS level FROM {S}.risk_levels
                                          WHERE enterprise_id = $1 AND unit_id IS NOT NULL AND level IS NOT NULL
                                          GROUP BY unit_id""", enterprise_id)
            # measure → risk event → unit → object: the code a hazard's hazardCode is
            codes = await conn.fetch(f"""SELECT m.id, o.code FROM {S}.snapshots m
                JOIN {S}.snapshots e ON e.entity = 2 AND e.id = m.parent_id
                JOIN {S}.snapshots u ON u.entity = 1 AND u.id = e.parent_id
                JOIN {S}.objects o ON o.object_id = u.fields->>'object_id'
                WHERE m.entity = 3 AND m.enterprise_id = $1 AND o.code IS NOT NULL""", enterprise_id)
        return Facts(people={r["person_id"]: r["name"] for r in people},
                     units={r["unit_id"]: r["name"] for r in units},
                     objects={r["object_id"]: (r["code"], r["major"]) for r in objects},
                     unit_levels={r["unit_id"]: r["level"] for r in levels},
                     measure_objects={r["id"]: r["code"] for r in codes})

    async def enterprise_codes(self, enterprise_id: str) -> EnterpriseCodes:
        row = await self.pool.fetchrow(
            f"SELECT credit_code, hazchem_code FROM {S}.enterprises WHERE enterprise_id = $1", enterprise_id)
        return EnterpriseCodes(company_code=(row and row["hazchem_code"]) or "",
                               credit_code=row["credit_code"] if row else None)

    async def acknowledged(self, target_id: str) -> dict[tuple[Entity, str], str]:
        rows = await self.pool.fetch("""SELECT entity, record_id, acked_hash FROM send_ledger
                                        WHERE target_id = $1 AND acked_hash IS NOT NULL""", target_id)
        return {(Entity(r["entity"]), r["record_id"]): r["acked_hash"] for r in rows}


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)

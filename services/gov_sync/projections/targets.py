"""The sync targets' read model, written in the append's transaction (the answer reads it at once)."""

from __future__ import annotations

from libs.events import RecordedEvent
from libs.inline import Projector
from services.gov_sync.domain import events as e


async def configured(conn, ev: e.SyncTargetConfigured, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO sync_targets (id, enterprise_id, name, dialect, base_url, entities, batch_size, iv_rule,
                                     ca_bundle, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, dialect = excluded.dialect,
             base_url = excluded.base_url, entities = excluded.entities, batch_size = excluded.batch_size,
             iv_rule = excluded.iv_rule, ca_bundle = excluded.ca_bundle, updated_at = excluded.updated_at,
             version = excluded.version""",
        ev.target_id, ev.enterprise_id, ev.name, ev.dialect, ev.base_url, ev.entities, ev.batch_size, ev.iv_rule,
        ev.ca_bundle, r.recorded_at, r.version)


async def secrets_set(conn, ev: e.SyncTargetSecretsSet, r: RecordedEvent) -> None:
    await conn.execute("""UPDATE sync_targets SET has_aes_key = has_aes_key OR $2,
                          has_credentials = has_credentials OR $3, updated_at = $4, version = $5 WHERE id = $1""",
                       ev.target_id, ev.aes_key, ev.credentials, r.recorded_at, r.version)


async def retired(conn, ev: e.SyncTargetRetired, r: RecordedEvent) -> None:
    await conn.execute("UPDATE sync_targets SET retired = true, updated_at = $2, version = $3 WHERE id = $1",
                       ev.target_id, r.recorded_at, r.version)


project = Projector(e.registry, {e.SyncTargetConfigured: configured, e.SyncTargetSecretsSet: secrets_set,
                                 e.SyncTargetRetired: retired})

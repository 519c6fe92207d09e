"""The handlers of gov sync: a target's settings and secrets (load, decide, save — the secrets
written encrypted on the same unit of work as the event that says they were set), and the
readiness report (the snapshots through the target's dialect)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from libs.aggregate import DomainError
from libs.clock import Clock
from libs.errors import NotFound
from libs.eventstore.port import EventStore
from libs.repository import CommandContext, Repository
from libs.unit_of_work import UnitOfWork
from services.gov_sync.adapters.secrets import SecretBox, Secrets
from services.gov_sync.application import commands as c
from services.gov_sync.domain.dialects import DIALECTS
from services.gov_sync.domain.readiness import Report, assess
from services.gov_sync.domain.snapshot_rows import snapshot_of
from services.gov_sync.domain.snapshots import Entity
from services.gov_sync.domain.target import SyncTarget

AES_KEY_BYTES = 16  # AES-128 (decision 60)


@dataclass
class GovSync:
    store: EventStore
    targets: Repository[SyncTarget]
    secrets: SecretBox
    clock: Clock
    queries: Any = None  # projections/queries.SqlGovSync on PostgreSQL


def _settings(cmd: c.TargetSettings) -> dict[str, Any]:
    return {"name": cmd.name, "dialect": cmd.dialect, "base_url": cmd.base_url, "entities": cmd.entities,
            "batch_size": cmd.batch_size, "iv_rule": cmd.iv_rule, "ca_bundle": cmd.ca_bundle}


def _secrets(aes_key: str | None, credentials: str | None) -> Secrets:
    key = aes_key.encode() if aes_key is not None else None
    if key is not None and len(key) != AES_KEY_BYTES:
        raise DomainError("AES 密钥须为 16 个字节（AES-128）", field="aes_key")
    if credentials is not None and ":" not in credentials:
        raise DomainError("Basic 凭据须为“用户名:密码”", field="credentials")
    return Secrets(key, credentials)


async def _save(deps: GovSync, target: SyncTarget, ctx: CommandContext, secrets: Secrets | None) -> None:
    uow = UnitOfWork(deps.store, ctx)
    if secrets is not None:
        target.secrets_set(aes_key=secrets.aes_key is not None, credentials=secrets.credentials is not None)
        deps.secrets.keep(uow, target.id, secrets, deps.clock.now())
    uow.save(deps.targets, target)
    await uow.commit()


async def configure_target(cmd: c.ConfigureTarget, deps: GovSync, ctx: CommandContext) -> str:
    secrets = _secrets(cmd.aes_key, cmd.credentials) if cmd.aes_key or cmd.credentials else None
    target = SyncTarget.configure_new(uuid.uuid4().hex, cmd.enterprise_id, **_settings(cmd))
    await _save(deps, target, ctx, secrets)
    return target.id


async def _load(deps: GovSync, cmd: c.AggregateCommand) -> SyncTarget:
    target = await deps.targets.load(cmd.id, what="报送目标", enterprise_id=cmd.enterprise_id, field="target_id")
    if target.retired:
        raise NotFound(f"报送目标不存在: {cmd.id}", field="target_id")
    return target


async def revise_target(cmd: c.ReviseTarget, deps: GovSync, ctx: CommandContext) -> None:
    target = await _load(deps, cmd)
    target.configure(**_settings(cmd))
    await _save(deps, target, ctx, None)


async def set_target_secrets(cmd: c.SetTargetSecrets, deps: GovSync, ctx: CommandContext) -> None:
    target = await _load(deps, cmd)
    if cmd.aes_key is None and cmd.credentials is None:
        raise DomainError("未提供任何密钥或凭据", field="aes_key")
    await _save(deps, target, ctx, _secrets(cmd.aes_key, cmd.credentials))


async def retire_target(cmd: c.RetireTarget, deps: GovSync, ctx: CommandContext) -> None:
    target = await _load(deps, cmd)
    target.retire()
    await _save(deps, target, ctx, None)


async def readiness(enterprise_id: str, target_id: str, deps: GovSync) -> Report:
    target = await deps.queries.target(enterprise_id, target_id)
    if target is None:
        raise NotFound(f"报送目标不存在: {target_id}", field="target_id")
    entities = list(target["entities"])
    facts = await deps.queries.facts(enterprise_id)
    rows = await deps.queries.snapshots(enterprise_id, entities)
    snapshots = [s for s in (snapshot_of(r, facts) for r in rows) if s is not None]
    return assess(snapshots, DIALECTS[target["dialect"]], await deps.queries.enterprise_codes(enterprise_id),
                  await deps.queries.acknowledged(target_id), [Entity(e) for e in entities])

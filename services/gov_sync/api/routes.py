"""HTTP for an enterprise's sync targets and their readiness reports, under
`/enterprises/{enterprise_id}` (the tenant guard once, at router level)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE, errors
from libs.pagination import Page, PageParams, page, page_params
from libs.repository import CommandContext
from services.gov_sync.api import models as m
from services.gov_sync.application import commands as c
from services.gov_sync.application import handlers as h
from services.gov_sync.domain.readiness import Readiness
from services.gov_sync.domain.snapshots import Entity
from services.gov_sync.domain.writers import READINESS_READERS, TARGET_WRITERS

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
TAG = "政企数据互联"
writer = acting(*TARGET_WRITERS)
reader = acting(*READINESS_READERS)
SECRET_WRITE = {**WRITE, **errors(503)}  # 503: no key to encrypt secrets with is configured


async def gov_sync(request: Request) -> h.GovSync:
    return request.app.state.gov_sync


async def answer(deps: h.GovSync, enterprise_id: str, target_id: str):
    return found(await deps.queries.target(enterprise_id, target_id), "报送目标", "target_id")


@scoped.post("/sync-targets", status_code=201, tags=[TAG], summary="新建报送目标", response_model=m.Target,
             responses=SECRET_WRITE)
async def configure_target(enterprise_id: str, cmd: c.ConfigureTarget, ctx: CommandContext = writer,
                           deps: h.GovSync = Depends(gov_sync)):
    target_id = await h.configure_target(cmd.for_(enterprise_id), deps, ctx)
    return await answer(deps, enterprise_id, target_id)


@scoped.get("/sync-targets", tags=[TAG], summary="报送目标列表", response_model=Page[m.Target], responses=READ)
async def list_targets(enterprise_id: str, p: PageParams = Depends(page_params), _ctx: CommandContext = writer,
                       deps: h.GovSync = Depends(gov_sync)):
    items, total = await deps.queries.targets(enterprise_id, p)
    return page(items, total, p)


@scoped.get("/sync-targets/{target_id}", tags=[TAG], summary="报送目标详情", response_model=m.Target,
            responses=READ)
async def get_target(enterprise_id: str, target_id: str, _ctx: CommandContext = writer,
                     deps: h.GovSync = Depends(gov_sync)):
    return await answer(deps, enterprise_id, target_id)


@scoped.post("/sync-targets/{target_id}/revise", tags=[TAG], summary="修改报送目标", response_model=m.Target,
             responses=WRITE)
async def revise_target(enterprise_id: str, target_id: str, cmd: c.ReviseTarget, ctx: CommandContext = writer,
                        deps: h.GovSync = Depends(gov_sync)):
    await h.revise_target(cmd.for_(enterprise_id, target_id), deps, ctx)
    return await answer(deps, enterprise_id, target_id)


@scoped.post("/sync-targets/{target_id}/secrets", tags=[TAG], summary="设置密钥与凭据 (只写)",
             response_model=m.Target, responses=SECRET_WRITE)
async def set_secrets(enterprise_id: str, target_id: str, cmd: c.SetTargetSecrets, ctx: CommandContext = writer,
                      deps: h.GovSync = Depends(gov_sync)):
    await h.set_target_secrets(cmd.for_(enterprise_id, target_id), deps, ctx)
    return await answer(deps, enterprise_id, target_id)


@scoped.post("/sync-targets/{target_id}/retire", tags=[TAG], summary="停用报送目标", response_model=m.Retired,
             responses=WRITE)
async def retire_target(enterprise_id: str, target_id: str, ctx: CommandContext = writer,
                        deps: h.GovSync = Depends(gov_sync)):
    await h.retire_target(c.RetireTarget().for_(enterprise_id, target_id), deps, ctx)
    return {"id": target_id, "retired": True}


@scoped.get("/sync-targets/{target_id}/readiness", tags=[TAG], summary="报送就绪报告",
            response_model=m.ReadinessReport, responses=READ,
            description="每条快照经该平台的字段映射与本地校验: 可报送, 或不通过的字段与原因, 或等待上级记录; "
                        "以及与平台上次确认内容相比是否会报送。")
async def readiness(enterprise_id: str, target_id: str,
                    entity: Entity | None = Query(None, description="只看一类数据 (1–6)"),
                    state: Readiness | None = Query(None, description="只看一种状态"),
                    p: PageParams = Depends(page_params), _ctx: CommandContext = reader,
                    deps: h.GovSync = Depends(gov_sync)):
    report = await h.readiness(enterprise_id, target_id, deps)
    target = await answer(deps, enterprise_id, target_id)
    chosen = [r for r in report.records
              if (entity is None or r.entity is entity) and (state is None or r.state is state)]
    items = [{"entity": int(r.entity), "record_id": r.record_id, "parent_id": r.parent_id, "state": r.state,
              "would_send": r.would_send, "reason": r.reason,
              "violations": [{"field": v.field, "reason": v.reason} for v in r.violations]}
             for r in chosen[p.offset:p.offset + p.limit]]
    counts = [{"entity": int(e), **{str(s): n for s, n in per.items()}} for e, per in sorted(report.counts().items())]
    return {**page(items, len(chosen), p), "target_id": target_id, "dialect": target["dialect"], "counts": counts}

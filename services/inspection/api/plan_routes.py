"""HTTP for an enterprise's inspection plans (排查计划), under `/enterprises/{enterprise_id}/plans`
(the tenant guard at router level): everyone of the enterprise reads them; its safety management
draws them up, edits their checklists, publishes and retires them. Each write answers the plan as
the read model has it now."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.inspection.api import plan_models as m
from services.inspection.application import plan_commands as c
from services.inspection.application import plans as h
from services.inspection.domain.codes import PlanKind
from services.inspection.domain.plan_state import PlanState
from services.inspection.domain.writers import PLAN_WRITERS

plans = APIRouter(prefix="/enterprises/{enterprise_id}/plans", tags=["排查计划"],
                  dependencies=[Depends(enterprise_scope)])
writer = acting(*PLAN_WRITERS)


async def deps_of(request: Request) -> h.Plans:
    return request.app.state.inspection.plans


async def _answer(deps: h.Plans, enterprise_id: str, plan_id: str):
    return found(await deps.queries.plan(enterprise_id, plan_id), "排查计划", "plan_id")


@plans.post("", status_code=201, summary="制定排查计划 (草稿)", response_model=m.Plan, responses=WRITE)
async def draw_up_plan(enterprise_id: str, cmd: c.DrawUpPlan, ctx: CommandContext = writer,
                       deps: h.Plans = Depends(deps_of)):
    return await _answer(deps, enterprise_id, await h.draw_up_plan(cmd.for_(enterprise_id), deps, ctx))


@plans.get("", summary="排查计划列表 (新的在前)", response_model=m.PlanPage, responses=READ)
async def list_plans(enterprise_id: str, kind: PlanKind | None = Query(None, description="计划类型 1–8"),
                     state: PlanState | None = Query(None, description="draft / published / retired"),
                     p: PageParams = Depends(page_params), deps: h.Plans = Depends(deps_of)):
    items, total = await deps.queries.plans(enterprise_id, p, kind=kind, state=state)
    return page(items, total, p)


@plans.get("/{plan_id}", summary="排查计划详情 (含检查表)", response_model=m.Plan, responses=READ)
async def get_plan(enterprise_id: str, plan_id: str, deps: h.Plans = Depends(deps_of)):
    return await _answer(deps, enterprise_id, plan_id)


@plans.post("/{plan_id}/revise", summary="修改草稿计划", response_model=m.Plan, responses=WRITE,
            description="类型、名称、期间、周期与派出岗位; 已发布的计划不能修改 (409), 请废止后重新制定。")
async def revise_plan(enterprise_id: str, plan_id: str, cmd: c.RevisePlan, ctx: CommandContext = writer,
                      deps: h.Plans = Depends(deps_of)):
    await h.revise_plan(cmd.for_(enterprise_id, plan_id), deps, ctx)
    return await _answer(deps, enterprise_id, plan_id)


@plans.post("/{plan_id}/items", status_code=201, summary="添加检查项", response_model=m.Plan, responses=WRITE)
async def add_item(enterprise_id: str, plan_id: str, cmd: c.AddChecklistItem, ctx: CommandContext = writer,
                   deps: h.Plans = Depends(deps_of)):
    await h.add_item(cmd.for_(enterprise_id, plan_id), deps, ctx)
    return await _answer(deps, enterprise_id, plan_id)


@plans.put("/{plan_id}/items/{no}", summary="改写检查项", response_model=m.Plan, responses=WRITE)
async def revise_item(enterprise_id: str, plan_id: str, no: int, cmd: c.ReviseChecklistItem,
                      ctx: CommandContext = writer, deps: h.Plans = Depends(deps_of)):
    await h.revise_item(cmd.for_(enterprise_id, plan_id), no, deps, ctx)
    return await _answer(deps, enterprise_id, plan_id)


@plans.delete("/{plan_id}/items/{no}", summary="删除检查项", response_model=m.Plan, responses=WRITE,
              description="编号不再使用; 已发布计划的检查表至少保留一项 (409)。")
async def remove_item(enterprise_id: str, plan_id: str, no: int,
                      expected_version: int | None = Query(None, ge=0, description="乐观锁: 读到的版本号"),
                      ctx: CommandContext = writer, deps: h.Plans = Depends(deps_of)):
    cmd = c.PlanVersion(expected_version=expected_version).for_(enterprise_id, plan_id)
    await h.remove_item(cmd, no, deps, ctx)
    return await _answer(deps, enterprise_id, plan_id)


@plans.post("/{plan_id}/publish", summary="发布排查计划", response_model=m.Plan, responses=WRITE,
            description="每个派出岗位一项排查任务, 按计划周期自首个未结束的时段起生成排查; 已发布、已废止、"
                        "没有检查项或期间内已无时段的计划不能发布 (409)。")
async def publish_plan(enterprise_id: str, plan_id: str, cmd: c.PlanVersion | None = None,
                       ctx: CommandContext = writer, deps: h.Plans = Depends(deps_of)):
    await h.publish_plan((cmd or c.PlanVersion()).for_(enterprise_id, plan_id), deps, ctx)
    return await _answer(deps, enterprise_id, plan_id)


@plans.post("/{plan_id}/retire", summary="废止排查计划", response_model=m.Plan, responses=WRITE,
            description="已发布计划的排查任务随之停用 (已生成的排查保留)。")
async def retire_plan(enterprise_id: str, plan_id: str, cmd: c.RetirePlan, ctx: CommandContext = writer,
                      deps: h.Plans = Depends(deps_of)):
    await h.retire_plan(cmd.for_(enterprise_id, plan_id), deps, ctx)
    return await _answer(deps, enterprise_id, plan_id)

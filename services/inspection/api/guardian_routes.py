"""HTTP for 包保 tasks (重大危险源安全包保任务), under `/enterprises/{enterprise_id}/guardian-tasks` (the
tenant guard at router level): everyone of the enterprise reads them; its safety management draws
them up, revises and withdraws them. Each write answers the task as the check-task list has it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.inspection.api import models as m
from services.inspection.application import guardian_commands as c
from services.inspection.application import guardian_tasks as h
from services.inspection.domain.codes import TaskState, WorkType
from services.inspection.domain.guardian_task import GUARDIAN
from services.inspection.domain.writers import TASK_WRITERS

scoped = APIRouter(prefix="/enterprises/{enterprise_id}/guardian-tasks", tags=["包保任务"],
                   dependencies=[Depends(enterprise_scope)])
writer = acting(*TASK_WRITERS)


async def wired_of(request: Request):
    return request.app.state.inspection


def deps_of(wired=Depends(wired_of)) -> h.GuardianTasks:
    return wired.guardian_tasks


async def _answer(wired, enterprise_id: str, task_id: str):
    return found(await wired.queries.task(enterprise_id, task_id), h.WHAT, "task_id")


@scoped.post("", status_code=201, summary="制定包保任务", response_model=m.CheckTask, responses=WRITE,
             description="重大危险源 (object_id) 的一位包保责任人 (work_type 1–3) 负责全国包保任务清单的"
                         "第 task_num 项; 由风险辨识登记中该角色的包保责任人承担, 按周期生成排查。"
                         "同一重大危险源、角色与序号只有一项: 内容与周期相同的重复提交返回原任务, 不同则 409。"
                         "尚未获知包保责任人 (非重大危险源或尚未同步) 409。")
async def draw_up(enterprise_id: str, cmd: c.DrawUpGuardianTask, ctx: CommandContext = writer,
                  deps: h.GuardianTasks = Depends(deps_of), wired=Depends(wired_of)):
    return await _answer(wired, enterprise_id, await h.draw_up_guardian_task(cmd.for_(enterprise_id), deps, ctx))


@scoped.get("", summary="包保任务清单", response_model=m.CheckTaskPage, responses=READ)
async def list_guardian_tasks(enterprise_id: str,
                              object_id: str | None = Query(None, max_length=64, description="重大危险源"),
                              work_type: WorkType | None = Query(None, description="1 主要/2 技术/3 操作负责人"),
                              state: TaskState | None = None, p: PageParams = Depends(page_params),
                              wired=Depends(wired_of)):
    items, total = await wired.queries.tasks(enterprise_id, p, state=state, origin=GUARDIAN, object_id=object_id,
                                             work_type=work_type)
    return page(items, total, p)


@scoped.put("/{task_id}", summary="修改包保任务", response_model=m.CheckTask, responses=WRITE,
            description="排查内容与周期 (重大危险源、角色与序号不变); 已停用的不能修改 (409)。")
async def revise(enterprise_id: str, task_id: str, cmd: c.ReviseGuardianTask, ctx: CommandContext = writer,
                 deps: h.GuardianTasks = Depends(deps_of), wired=Depends(wired_of)):
    await h.revise_guardian_task(cmd.for_(enterprise_id, task_id), deps, ctx)
    return await _answer(wired, enterprise_id, task_id)


@scoped.delete("/{task_id}", summary="撤销包保任务", response_model=m.CheckTask, responses=WRITE,
               description="任务停用 (已生成的排查保留, 各按其时限); 之后可重新制定同一项。")
async def withdraw(enterprise_id: str, task_id: str,
                   expected_version: int | None = Query(None, ge=0, description="乐观锁: 读到的版本号"),
                   ctx: CommandContext = writer, deps: h.GuardianTasks = Depends(deps_of), wired=Depends(wired_of)):
    cmd = c.GuardianTaskVersion(expected_version=expected_version).for_(enterprise_id, task_id)
    await h.withdraw_guardian_task(cmd, deps, ctx)
    return await _answer(wired, enterprise_id, task_id)

"""HTTP for an enterprise's check tasks, under `/enterprises/{enterprise_id}` (the tenant guard
once, at router level): everyone of the enterprise reads them; its safety management sets cycles."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.inspection.api import models as m
from services.inspection.application import commands as c
from services.inspection.application import handlers as h
from services.inspection.domain.codes import TaskState
from services.inspection.domain.writers import TASK_WRITERS

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])
writer = acting(*TASK_WRITERS)
TAG = "排查任务"


async def inspection(request: Request) -> h.Inspection:
    return request.app.state.inspection


@scoped.get("/check-tasks", tags=[TAG], summary="排查任务清单 (每项隐患排查类管控措施一项)",
            response_model=m.CheckTaskPage, responses=READ)
async def list_tasks(enterprise_id: str, post_id: str | None = Query(None, max_length=64, description="负责排查的岗位"),
                     state: TaskState | None = None,
                     measure_id: str | None = Query(None, max_length=64, description="管控措施"),
                     p: PageParams = Depends(page_params),
                     deps: h.Inspection = Depends(inspection)):
    items, total = await deps.queries.tasks(enterprise_id, p, post_id=post_id, state=state, measure_id=measure_id)
    return page(items, total, p)


@scoped.get("/check-tasks/{task_id}", tags=[TAG], summary="排查任务详情", response_model=m.CheckTask, responses=READ)
async def get_task(enterprise_id: str, task_id: str, deps: h.Inspection = Depends(inspection)):
    return found(await deps.queries.task(enterprise_id, task_id), "排查任务", "task_id")


@scoped.post("/check-tasks/{task_id}/cycle", tags=[TAG], summary="设置排查周期",
             response_model=m.CheckTask, responses=WRITE,
             description="周期、开始时间、工作时段 (按小时必填) 与工作日类型; 已停用的任务不能设置 (409)。")
async def schedule_task(enterprise_id: str, task_id: str, cmd: c.ScheduleCheckTask, ctx: CommandContext = writer,
                        deps: h.Inspection = Depends(inspection)):
    await h.schedule_task(cmd.for_(enterprise_id, task_id), deps, ctx)
    return found(await deps.queries.task(enterprise_id, task_id), "排查任务", "task_id")

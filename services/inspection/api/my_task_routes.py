"""HTTP for the signed-in person's tasks (我的排查任务), under `/enterprises/{enterprise_id}`: the
token's person, never one named in the address, so nobody reads another's list by guessing ids."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from libs.auth import Principal, enterprise_scope
from libs.openapi import READ
from services.inspection.api import my_task_models as m
from services.inspection.application.my_tasks import MyTasks, my_tasks

scoped = APIRouter(prefix="/enterprises/{enterprise_id}", dependencies=[Depends(enterprise_scope)])


async def wired(request: Request) -> MyTasks:
    return request.app.state.inspection.my_tasks


@scoped.get("/my-tasks", tags=["排查执行"], summary="我的排查任务 (今日待排查、临期及今日超期)",
            response_model=m.MyTasks, responses=READ,
            description="登录人员所在岗位的及指派给本人的排查: 本次排查开始时间在今日 (北京时间) 结束前且未完成的, "
                        "以及今日超期的; 按截止时间排序, 每条带排查内容与检查表。"
                        "尚未收到该人员信息时返回空列表及说明。")
async def get_my_tasks(enterprise_id: str, principal: Principal = Depends(enterprise_scope),
                       deps: MyTasks = Depends(wired)):
    day = await my_tasks(deps, enterprise_id, principal.person_id)
    person = day.person
    return {"person_id": principal.person_id, "name": person and person.name, "post_id": person and person.post_id,
            "post_name": person and person.post_name, "note": day.note,
            "items": [{**row, "checklist": [m.checklist_row(item) for item in row["checklist"]]} for row in day.items]}

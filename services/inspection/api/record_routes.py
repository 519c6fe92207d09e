"""HTTP for an enterprise's check records, under `/enterprises/{enterprise_id}` (the tenant guard at
router level): whoever was sent to check records one (the duty roles); everyone of the enterprise
reads them. The same client id sent again answers 201 with the record it made the first time (as a
photo uploaded again does): the phone learns its record is kept, however often it had to send it."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import Principal, enterprise_scope
from libs.errors import found
from libs.openapi import READ, WRITE
from libs.pagination import PageParams, page, page_params
from libs.repository import CommandContext
from services.inspection.api import record_models as m
from services.inspection.application import records as h
from services.inspection.application.record_commands import RecordCheck
from services.inspection.domain.codes import CheckStatus
from services.inspection.domain.occurrence_ids import aware
from services.inspection.domain.record_reporter import ON_BEHALF_WRITERS
from services.inspection.domain.writers import RECORD_WRITERS

records = APIRouter(prefix="/enterprises/{enterprise_id}/check-records", tags=["排查记录"],
                    dependencies=[Depends(enterprise_scope)])
writer = acting(*RECORD_WRITERS)


async def check_records(request: Request) -> h.CheckRecords:
    return request.app.state.inspection.check_records


@records.post("", status_code=201, summary="提交排查记录", response_model=m.CheckRecord, responses=WRITE,
              response_description="记录已收下; 同一 client_id 再次提交得到同一条记录, 也是 201",
              description="照片须先上传 (POST …/photos), 未上传的照片编号返回 422 并列出; 有异常项即记为存在隐患, "
                          "每个异常项发出一条发现隐患事件。排查时间已过本次截止时间的记录须标明补录 (late: true)。"
                          "只有本次排查的排查人员 (其岗位上的或被指派的) 可以提交, 否则 403; 安全管理员可填 "
                          "on_behalf_of 代其提交。尚未收到排查人的岗位信息时 409 (not_replicated), 稍后再试。"
                          "本次排查已由另一条记录完成时, 新记录照收并列在本次排查下, 但不改变其状态与统计。")
async def record_check(enterprise_id: str, cmd: RecordCheck, ctx: CommandContext = writer,
                       principal: Principal = Depends(enterprise_scope), deps: h.CheckRecords = Depends(check_records)):
    record_id = await h.record_check(cmd.for_(enterprise_id), deps, ctx,
                                     may_act_for_others=principal.has_any(ON_BEHALF_WRITERS))
    return found(await deps.queries.record(enterprise_id, record_id), "排查记录", "client_id")


@records.get("", summary="排查记录列表 (新的在前)", response_model=m.CheckRecordPage, responses=READ)
async def list_records(enterprise_id: str,
                       occurrence_id: str | None = Query(None, max_length=64, description="本次排查"),
                       task_id: str | None = Query(None, max_length=64, description="排查任务"),
                       status: CheckStatus | None = Query(None, description="排查状态 0/1/2/3"),
                       reporter_id: str | None = Query(None, max_length=64, description="排查人"),
                       made_from: datetime | None = Query(None, alias="from", description="排查时间不早于"),
                       made_to: datetime | None = Query(None, alias="to", description="排查时间早于"),
                       p: PageParams = Depends(page_params), deps: h.CheckRecords = Depends(check_records)):
    items, total = await deps.queries.records(enterprise_id, p, occurrence_id=occurrence_id, task_id=task_id,
                                              status=status, reporter_id=reporter_id,
                                              made_from=made_from and aware(made_from),  # naive: Beijing time
                                              made_to=made_to and aware(made_to))
    return page(items, total, p)


@records.get("/{record_id}", summary="排查记录详情", response_model=m.CheckRecord, responses=READ)
async def get_record(enterprise_id: str, record_id: str, deps: h.CheckRecords = Depends(check_records)):
    return found(await deps.queries.record(enterprise_id, record_id), "排查记录", "record_id")

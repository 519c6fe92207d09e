"""HTTP for the regulator's coverage report (排查任务覆盖情况), under `/enterprises/{enterprise_id}`:
everyone of the enterprise reads it, as they read the other reports, and a regulator of its
jurisdiction (the same enterprise scope); its admin and safety officer set the lowest frequencies
it holds tasks to."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from libs.acting import acting
from libs.auth import enterprise_scope
from libs.openapi import READ, WRITE, errors
from libs.repository import CommandContext
from services.inspection.api import coverage_models as m
from services.inspection.application.coverage import Coverage, rules_answer
from services.inspection.application.coverage_commands import SetCoverageRules
from services.inspection.domain.writers import COVERAGE_RULE_WRITERS

coverage = APIRouter(prefix="/enterprises/{enterprise_id}", tags=["排查覆盖"], dependencies=[Depends(enterprise_scope)])


async def deps_of(request: Request) -> Coverage:
    return request.app.state.inspection.coverage


@coverage.get("/coverage-report", summary="排查任务覆盖情况 (监管检查: 重大危险源、岗位、雷同、关键参数、频次)",
              response_model=m.CoverageReport, responses=READ | errors(422),
              description="一次调用给出各项检查的问题清单 (ID 与名称) 与计数。包保责任人任务覆盖另列。")
async def coverage_report(enterprise_id: str,
                          similarity: float | None = Query(None, gt=0, le=1,
                                                           description="雷同判定的内容相似度阈值 (0, 1]; 默认 0.9"),
                          deps: Coverage = Depends(deps_of)):
    return await deps.report(enterprise_id, similarity)


@coverage.get("/coverage-rules", summary="排查覆盖规则 (各管控层级的最低排查频次)",
              response_model=m.CoverageRules, responses=READ)
async def get_rules(enterprise_id: str, deps: Coverage = Depends(deps_of)):
    return rules_answer(await deps.rules_of(enterprise_id))


@coverage.put("/coverage-rules", summary="设定排查覆盖规则 (企业管理员、安全管理员)",
              response_model=m.CoverageRules, responses=WRITE,
              description="整体替换: 未列出的管控层级用默认值 (公司级每月, 部门级每周, 班组级每天, 岗位级每 8 小时)。")
async def set_rules(enterprise_id: str, cmd: SetCoverageRules, ctx: CommandContext = acting(*COVERAGE_RULE_WRITERS),
                    deps: Coverage = Depends(deps_of)):
    return await deps.set_rules(cmd.for_(enterprise_id), ctx)

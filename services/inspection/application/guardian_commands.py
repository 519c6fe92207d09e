"""The commands of 包保 tasks (重大危险源安全包保任务), each also its HTTP body. The domain checks the
values (domain/guardian_task.py, rules.py: Chinese messages naming the field); the cycle is a plan's
(PlanCycleBody: checkCycle, unit, taskStartTime, work times, workDayType), checked the same way."""

from __future__ import annotations

from pydantic import Field

from libs.commands import EnterpriseCommand, Guarded
from services.inspection.application.plan_commands import PlanCycleBody
from services.inspection.domain import plan_limits as limits
from services.inspection.domain.rules import CONTENT_LIMIT


class GuardianTaskBody(EnterpriseCommand):
    troubleshoot_content: str = Field(..., max_length=CONTENT_LIMIT, description="排查内容 troubleshootContent")
    cycle: PlanCycleBody


class DrawUpGuardianTask(GuardianTaskBody):
    """制定包保任务: 重大危险源的一位包保责任人 (按 workType) 负责全国包保任务清单的一项 (taskNum)."""

    object_id: str = Field(..., max_length=limits.ID, description="重大危险源 (风险分析对象)")
    work_type: int = Field(..., description="任务类型 workType: 1 主要负责人 2 技术负责人 3 操作负责人")
    task_num: int = Field(..., description="包保任务序号 taskNum: 主要负责人、技术负责人 1–9, 操作负责人 1–10")


class ReviseGuardianTask(GuardianTaskBody, Guarded):
    """修改包保任务的排查内容与周期 (重大危险源、责任人类型与序号不变)."""


class GuardianTaskVersion(Guarded):
    """撤销包保任务: only the version the client read."""

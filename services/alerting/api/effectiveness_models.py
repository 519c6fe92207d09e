"""What the effectiveness routes answer: a week's score with every quantity a regulator stores
(by its names: rateCheck, screeTaskScore…), 包保 per role and the per-department breakdown; and
`answer(score)`, the one shape the JSON, CSV and XLSX all read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field

from libs.openapi import Record
from libs.pagination import Page
from services.alerting.domain.effectiveness import EffectivenessScore, Parts


class RoleRow(Record):
    role: int = Field(description="包保责任人 workType: 1 主要负责人, 2 技术负责人, 3 操作负责人")
    role_label: str
    planned: int
    completed: int
    missed: int
    rate: Decimal | None = Field(description="完成率 %; 无应完成任务时为空")
    deduction: Decimal = Field(description="未完成扣分")


class DepartmentRow(Record):
    department_id: str | None = Field(description="部门; 空: 未归属部门")
    department_name: str | None
    planned: int
    completed: int
    missed: int
    found: int
    due: int
    accepted: int
    overdue_open: int
    rateCheck: Decimal | None
    rateDanger: Decimal | None
    screeTaskScore: Decimal
    coverageScore: Decimal
    hiddenGovernScore: Decimal
    subtotal: Decimal = Field(description="部门得分 (不含隐患过少扣分与否决项)")


class Effectiveness(Record):
    enterprise_id: str
    week: str = Field(description="ISO 周, 如 2026-W48 (自然周: 北京时间周一 00:00 起)")
    first_day: date
    last_day: date
    score: Decimal = Field(description="运行效果得分 E = (A + B) × α")
    rateCheck: Decimal | None = Field(description="任务完成率 %")
    rateDanger: Decimal | None = Field(description="隐患整改率 %")
    screeTaskScore: Decimal = Field(description="排查任务得分")
    coverageScore: Decimal = Field(description="包保任务扣分")
    hiddenGovernScore: Decimal = Field(description="隐患治理扣分")
    hiddenFewScore: Decimal = Field(description="隐患过少扣分")
    vetoItem: str | None = Field(description="适用的否决项 (中文, 顿号分隔)")
    runLevel: int = Field(description="运行等级代码")
    run_level_label: str
    task_part: Decimal = Field(description="A")
    hazard_part: Decimal = Field(description="B")
    planned: int
    completed: int
    missed: int
    found: int
    due: int
    accepted: int
    overdue_open: int
    major_overdue_open: int
    major_without_five: int
    guardian: list[RoleRow]
    departments: list[DepartmentRow]


class EffectivenessPage(Page[Effectiveness]):
    pass


def iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _counts(p: Parts) -> dict[str, Any]:
    return {"planned": p.tasks.planned, "completed": p.tasks.completed, "missed": p.tasks.missed,
            "found": p.hazards.found, "due": p.hazards.due, "accepted": p.hazards.accepted,
            "overdue_open": p.hazards.overdue_open}


def answer(s: EffectivenessScore, names: dict[str, str]) -> dict[str, Any]:
    return {
        "enterprise_id": s.enterprise_id, "week": iso_week(s.week.monday), "first_day": s.week.period.first,
        "last_day": s.week.period.last, **s.regulator_fields(), "run_level_label": s.run_level.label,
        "task_part": s.task_part, "hazard_part": s.hazard_part, **_counts(s.parts),
        "major_overdue_open": s.parts.hazards.major_overdue_open,
        "major_without_five": s.parts.hazards.major_without_five,
        "guardian": [{"role": r.role.value, "role_label": r.role.label, "planned": r.counts.planned,
                      "completed": r.counts.completed, "missed": r.counts.missed, "rate": r.rate,
                      "deduction": r.deduction} for r in s.parts.roles],
        "departments": [{"department_id": d.department_id,
                         "department_name": names.get(d.department_id or "", d.department_id), **_counts(d.parts),
                         "rateCheck": d.parts.rate_check,
                         "rateDanger": d.parts.rate_danger, "screeTaskScore": d.parts.scree_task_score,
                         "coverageScore": d.parts.coverage_score, "hiddenGovernScore": d.parts.hidden_govern_score,
                         "subtotal": d.subtotal} for d in s.departments],
    }

"""The check-task list (隐患排查任务清单) as a download: every field the platforms ask of a task
(GOV-INTERFACE.md entity 4) under its Chinese title, codes written as their labels, in the
list's order. Beside the post's id, its name and its department's (the directory replica's, as
they are now; empty until the replica knows the post). A 包保 task adds its 重大危险源 and its
guardian's name (last, so the earlier columns keep their places)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from libs.clock import CHINA_TIME
from libs.export import Column
from services.inspection.domain.codes import (
    RETIRED_LABELS,
    TASK_NUM_LABELS,
    TASK_STATE_LABELS,
    WORK_DAY_TYPE_LABELS,
    WORK_TYPE_LABELS,
    RetiredBecause,
    TaskState,
    WorkDayType,
    WorkType,
)

TITLE = "隐患排查任务清单"


def _label(labels: dict, code_type: type) -> Any:
    return lambda v: None if v is None else labels[code_type(v)]


def _cycle(v: float | None) -> int | float | None:
    """checkCycle as the officer wrote it: 1, not 1.0 (decimal(4,2), so a float keeps it exactly)."""
    return None if v is None else int(v) if float(v).is_integer() else float(v)


def _time_of_day(v: time | None) -> str | None:
    """H:mm:ss, as the platforms write workStartTime / workEndTime."""
    return None if v is None else f"{v.hour}:{v.minute:02}:{v.second:02}"


def _beijing(v: datetime | None) -> datetime | None:
    """Beijing wall time, as the officer set it: a CSV cell reads `2026-12-01 08:00:00`."""
    return None if v is None else v.astimezone(CHINA_TIME).replace(tzinfo=None)


TASK_COLUMNS = [
    Column("id", "任务编号", width=38),
    Column("measure_id", "管控措施编号", width=38),
    Column("risk_event_id", "风险事件编号", width=38),
    Column("troubleshoot_content", "排查内容", width=40),
    Column("post_id", "负责岗位", width=20),
    Column("post_name", "岗位名称", width=16),
    Column("department_name", "所属部门", width=16),
    Column("work_type", "任务类型", _label(WORK_TYPE_LABELS, WorkType), width=12),
    Column("task_num", "包保任务序号", lambda v: None if v is None else TASK_NUM_LABELS.get(v, str(v)), width=10),
    Column("check_cycle", "排查周期", _cycle, width=8),
    Column("check_cycle_unit", "周期单位", lambda v: v and str(v), width=8),
    Column("task_start_time", "开始时间", _beijing, width=18),
    Column("work_start_time", "工作开始时间", _time_of_day, width=10),
    Column("work_end_time", "工作结束时间", _time_of_day, width=10),
    Column("work_day_type", "工作日类型", _label(WORK_DAY_TYPE_LABELS, WorkDayType), width=12),
    Column("state", "任务状态", _label(TASK_STATE_LABELS, TaskState), width=10),
    Column("retired_because", "停用原因", _label(RETIRED_LABELS, RetiredBecause), width=18),
    Column("object_id", "重大危险源编号", width=38),  # 包保 tasks: the object and who holds the task
    Column("guardian_name", "包保责任人", width=12),
]

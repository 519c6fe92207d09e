"""The labels beside coded fields in inspection's answers (libs/labels.py), in Chinese."""

from __future__ import annotations

from libs.labels import CodeTable, Labeller
from services.inspection.domain.codes import (
    CHECK_CYCLE_UNIT_LABELS,
    CHECK_STATUS_LABELS,
    OCCURRENCE_STATE_LABELS,
    RETIRED_LABELS,
    TASK_NUM_LABELS,
    TASK_STATE_LABELS,
    WORK_DAY_TYPE_LABELS,
    WORK_TYPE_LABELS,
)
from services.inspection.domain.report_period import RATES_BY_LABELS

TASK_STATE = CodeTable.of("check_task_state", "排查任务状态", TASK_STATE_LABELS)
TASK_RETIRED = CodeTable.of("check_task_retired_because", "排查任务停用原因", RETIRED_LABELS)
CHECK_CYCLE_UNIT = CodeTable.of("check_cycle_unit", "排查周期单位 (checkCycleUnit)", CHECK_CYCLE_UNIT_LABELS)
WORK_DAY_TYPE = CodeTable.of("work_day_type", "工作日类型 (workDayType)", WORK_DAY_TYPE_LABELS)
WORK_TYPE = CodeTable.of("work_type", "任务类型 (workType)", WORK_TYPE_LABELS)
TASK_NUM = CodeTable.of("task_num", "包保任务序号 (taskNum)", TASK_NUM_LABELS)
OCCURRENCE_STATE = CodeTable.of("occurrence_state", "排查执行状态", OCCURRENCE_STATE_LABELS)
RATES_BY = CodeTable.of("rates_by", "统计分组方式", RATES_BY_LABELS)
CHECK_STATUS = CodeTable.of("check_status", "排查状态 (checkStatus)", CHECK_STATUS_LABELS)
LABELLER = Labeller({"state": (TASK_STATE, OCCURRENCE_STATE), "retired_because": TASK_RETIRED,
                     "check_cycle_unit": CHECK_CYCLE_UNIT, "work_day_type": WORK_DAY_TYPE, "work_type": WORK_TYPE,
                     "task_num": TASK_NUM,
                     "status": CHECK_STATUS, "by": RATES_BY})

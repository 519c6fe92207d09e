"""The check-task list's columns: every platform field of a task under a Chinese title, codes as
labels, checkCycle as written, times of day as H:mm:ss, the start in Beijing time; read back from
the CSV and from the XLSX document (title row, 序号, wrapped text)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time

from openpyxl import load_workbook

from libs.export import to_csv, to_xlsx
from services.inspection.api.task_columns import TASK_COLUMNS, TITLE

HEADERS = ["任务编号", "管控措施编号", "风险事件编号", "排查内容", "负责岗位", "岗位名称", "所属部门",
           "任务类型", "包保任务序号", "排查周期",
           "周期单位", "开始时间", "工作开始时间", "工作结束时间", "工作日类型", "任务状态", "停用原因",
           "重大危险源编号", "包保责任人"]
SCHEDULED = {"id": "t-1", "measure_id": "m-1", "risk_event_id": "e-1", "troubleshoot_content": "=检查温度联锁投用状态",
             "post_id": "post-1", "post_name": "操作工岗", "department_name": "生产部",
             "work_type": 0, "task_num": None, "check_cycle": 8.0, "check_cycle_unit": "小时",
             "task_start_time": datetime(2026, 12, 1, 0, tzinfo=UTC), "work_start_time": time(8),
             "work_end_time": time(17, 30), "work_day_type": 1, "state": "scheduled", "retired_because": None}
RETIRED = {**SCHEDULED, "id": "t-2", "work_type": 3, "task_num": 10, "check_cycle": 0.5, "check_cycle_unit": "天",
           "work_start_time": None, "work_end_time": None, "work_day_type": 0, "state": "retired",
           "retired_because": "not_inspected"}
UNSCHEDULED = {**SCHEDULED, "id": "t-3", "risk_event_id": None, "post_name": None, "department_name": None,
               "check_cycle": None, "check_cycle_unit": None,
               "task_start_time": None, "work_start_time": None, "work_end_time": None, "work_day_type": None,
               "state": "unscheduled"}


def test_the_csv_has_every_field_under_its_chinese_title():
    rows = list(csv.reader(io.StringIO(to_csv(TASK_COLUMNS, [SCHEDULED, RETIRED, UNSCHEDULED]).decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1] == ["t-1", "m-1", "e-1", "'=检查温度联锁投用状态", "post-1", "操作工岗", "生产部", "日常", "", "8",
                       "小时", "2026-12-01 08:00:00", "8:00:00", "17:30:00", "法定工作日", "执行中", "", "", ""]
    assert rows[2][7:17] == ["操作负责人", "第10项", "0.5", "天", "2026-12-01 08:00:00", "", "", "每天", "已停用",
                             "管控方式不再是隐患排查"]
    assert rows[3][2] == "" and rows[3][5:7] == ["", ""]  # a post the replica does not know yet: no names
    assert rows[3][9:17] == ["", "", "", "", "", "", "未设置周期", ""]


def test_the_xlsx_is_a_document_with_a_title_row_numbers_and_wrapped_text():
    body = to_xlsx(TITLE, TASK_COLUMNS, [SCHEDULED, RETIRED], caption=f"{TITLE}　2026-12-03")
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.title == TITLE
    assert sheet["A1"].value == "隐患排查任务清单　2026-12-03"
    assert [c.value for c in sheet[2]] == ["序号", *HEADERS]
    first = [c.value for c in sheet[3]]
    assert first[:2] == [1, "t-1"] and first[4] == "=检查温度联锁投用状态"  # text, never a formula
    assert first[5:8] == ["post-1", "操作工岗", "生产部"]
    assert (first[10], first[12], first[13]) == (8, datetime(2026, 12, 1, 8), "8:00:00")
    assert sheet["E3"].alignment.wrap_text
    assert [c.value for c in sheet[4]][:1] == [2] and sheet.max_row == 4

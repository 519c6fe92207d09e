"""The official code tables keep the platforms' values and Chinese names."""

from __future__ import annotations

from services.inspection.domain.codes import (
    CheckCycleUnit,
    CheckStatus,
    OccurrenceState,
    PlanKind,
    WorkDayType,
    WorkType,
)


def test_plan_kinds_are_the_danger_sources_1_to_8():
    assert [(k.value, k.label) for k in PlanKind] == [
        (1, "日常排查"), (2, "综合性排查"), (3, "专业性排查"), (4, "季节性排查"), (5, "重点时段及节假日前排查"),
        (6, "事故类比排查"), (7, "复产复工前排查"), (8, "外聘专家诊断式排查")]


def test_the_cycle_unit_is_sent_as_the_chinese_word():
    assert [u.value for u in CheckCycleUnit] == ["小时", "天", "月", "年"]
    assert CheckCycleUnit("天") is CheckCycleUnit.DAY


def test_work_day_types_as_the_uploader_codes_them():
    assert {t.value: t.label for t in WorkDayType} == {0: "每天", 1: "法定工作日", 2: "非工作日"}


def test_each_guardian_role_has_its_range_of_the_national_list():
    assert {t.value: t.label for t in WorkType} == {0: "日常", 1: "主要负责人", 2: "技术负责人", 3: "操作负责人"}
    assert WorkType.ROUTINE.task_nums is None
    assert list(WorkType.PRINCIPAL.task_nums or []) == list(range(1, 10))
    assert list(WorkType.TECHNICAL.task_nums or []) == list(range(1, 10))
    assert list(WorkType.OPERATIONAL.task_nums or []) == list(range(1, 11))


def test_record_status_codes():
    assert {s.value: s.label for s in CheckStatus} == {0: "正常", 1: "存在隐患", 2: "未排查", 3: "其他"}


def test_occurrence_states_and_which_are_open():
    assert {s.value: s.label for s in OccurrenceState} == {
        "issued": "待排查", "imminent": "临期", "completed": "已排查", "missed": "超期未排查"}
    assert [s for s in OccurrenceState if s.open] == [OccurrenceState.ISSUED, OccurrenceState.IMMINENT]


def test_an_occurrence_only_moves_forward():
    issued, imminent, completed, missed = OccurrenceState
    assert [issued.may_become(s) for s in OccurrenceState] == [False, True, True, True]
    assert [imminent.may_become(s) for s in OccurrenceState] == [False, False, True, True]
    assert not any(closed.may_become(s) for closed in (completed, missed) for s in OccurrenceState)

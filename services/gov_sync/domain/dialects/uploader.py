"""The provincial-style uploader (`POST {base}/api/sync/data/sec_*`): every record carries
`deleted` "0"/"1" and createDate/createBy/updateDate/updateBy (times `yyyyMMddHHmmss`, dates
`yyyyMMdd`); risk level on its 0–3 scale; the task's schedule fields (taskStartTime, work times,
workDayType, workType, taskNum); the record's mobileMe and isDefend; the hazard's `checkRecordId`,
`enforcementId`, `hazardCategory` and photos `dangerImg`/`dangerAcceptImg` as data URIs ≤ 5 MB."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.gov_sync.domain.dialects.base import Dialect, WireRecord
from services.gov_sync.domain.photos import UPLOADER_PHOTOS, Photo
from services.gov_sync.domain.snapshots import (
    CheckRecordSnapshot,
    CheckTaskSnapshot,
    ControlMeasureSnapshot,
    EnterpriseCodes,
    Entity,
    HazardSnapshot,
    RiskEventSnapshot,
    RiskUnitSnapshot,
    Snapshot,
)
from services.gov_sync.domain.violations import (
    MOBILE,
    PHOTO_DATA_URI,
    FieldRule,
    Record,
    RecordRules,
    codes,
    company_code_rule,
    parent_rule,
    record_id_rule,
    required_when,
)
from services.gov_sync.domain.wire_times import compact_date, compact_datetime, time_of_day
from services.gov_sync.domain.wire_values import flag, number, text

# riskClass 1 重大 … 4 低 (ours, the park's) onto the uploader's 0 重大 … 3 低 (its comment's order).
RISK_LEVEL_0_TO_3 = {1: 0, 2: 1, 3: 2, 4: 3}
CLASSIFY2 = codes("1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "2-3", "3-1", "3-2", "3-3", "3-4",
                  "4-1", "4-2", "4-3", "4-4", "4-5")
CYCLE_UNITS = ("小时", "天", "月", "年")
# taskNum per workType (1 主要, 2 技术, 3 操作负责人): the range of its number.
TASK_NUM_RANGE = {"1": range(1, 10), "2": range(1, 10), "3": range(1, 11)}


def common_rules() -> tuple[FieldRule, ...]:
    return (record_id_rule(), company_code_rule(),
            FieldRule(field="deleted", label="删除标记", required=True, one_of=codes(0, 1)),
            FieldRule(field="createDate", label="创建时间", required=True),
            FieldRule(field="createBy", label="创建人", required=True, max_len=50),
            FieldRule(field="updateDate", label="修改时间", required=True),
            FieldRule(field="updateBy", label="修改人", required=True, max_len=50))


def _task_num(record: Record) -> list[tuple[str, str]]:
    allowed = TASK_NUM_RANGE.get(str(record.get("workType")))
    if allowed is None:
        return []
    value = record.get("taskNum")
    if value is None:
        return [("taskNum", "包保任务序号不能为空（包保责任人的任务须带序号）")]
    if not isinstance(value, int) or value not in allowed:
        return [("taskNum", f"包保任务序号须为{allowed.start}～{allowed.stop - 1}")]
    return []


def _hourly(record: Record) -> bool:
    return record.get("checkCycleUnit") == "小时"


def photo_rule(field: str, label: str, max_encoded: int, data_uri: bool) -> FieldRule:
    if data_uri:
        return FieldRule(field=field, label=label, max_len=max_encoded, pattern=PHOTO_DATA_URI,
                         pattern_text="须为 data:image/png|jpeg;base64 编码的图片")
    return FieldRule(field=field, label=label, max_len=max_encoded)


def hazard_rules(photo_fields: tuple[FieldRule, ...], record_rules: tuple[Any, ...] = ()) -> RecordRules:
    return RecordRules((
        *common_rules(),
        FieldRule(field="hazardCode", label="风险分析对象编码", max_len=36),
        parent_rule("riskMeasureId", "管控措施", required=False),
        parent_rule("checkRecordId", "隐患排查记录", required=False),
        FieldRule(field="dangerName", label="隐患名称", required=True, max_len=300),
        FieldRule(field="dangerLevel", label="隐患等级", required=True, one_of=codes(0, 1)),
        FieldRule(field="registTime", label="登记时间", required=True),
        FieldRule(field="registrant", label="登记人", max_len=100),
        FieldRule(field="dangerSrc", label="隐患来源", required=True, one_of=codes(*range(1, 11))),
        FieldRule(field="dangerManageType", label="治理类型", required=True, one_of=codes(0, 1)),
        FieldRule(field="hazardDangerType", label="隐患类型", required=True, one_of=codes(*range(1, 9))),
        FieldRule(field="hazardCategory", label="隐患类别", one_of=codes(0, 1, 2, 3)),
        FieldRule(field="dangerDesc", label="隐患描述", required=True),
        FieldRule(field="controlMeasures", label="控制措施", max_len=1000),
        FieldRule(field="cost", label="整改资金", max_len=100),
        FieldRule(field="liablePerson", label="整改责任人", required=True, max_len=100),
        FieldRule(field="dangerManageDeadline", label="隐患治理期限", required=True),
        FieldRule(field="checkAcceptPerson", label="验收人", max_len=50),
        FieldRule(field="checkAcceptComment", label="验收情况", max_len=1000),
        FieldRule(field="dangerState", label="隐患状态", required=True, one_of=codes(0, 1, 9)),
        *photo_fields,
    ), record_rules)


RULES = {
    Entity.RISK_UNIT: RecordRules((
        *common_rules(),
        FieldRule(field="hazardCode", label="风险分析对象编码", max_len=36),
        FieldRule(field="hazardDep", label="责任部门", required=True, max_len=200),
        FieldRule(field="hazardLiablePerson", label="责任人", required=True, max_len=20),
        FieldRule(field="riskUnitName", label="风险分析单元名称", required=True, max_len=200),
        FieldRule(field="riskClass", label="风险等级", one_of=codes(0, 1, 2, 3)),
    )),
    Entity.RISK_EVENT: RecordRules((
        *common_rules(), parent_rule("riskUnitId", "风险分析单元"),
        FieldRule(field="riskEventName", label="风险事件名称", required=True, max_len=500),
    )),
    Entity.CONTROL_MEASURE: RecordRules((
        *common_rules(), parent_rule("riskEventId", "风险事件"),
        FieldRule(field="dataSrc", label="管控方式", required=True, one_of=codes(1, 2)),
        FieldRule(field="riskMeasureDesc", label="管控措施描述", required=True, max_len=4000),
        FieldRule(field="classify1", label="管控措施分类1", required=True, one_of=codes(1, 2, 3, 4)),
        FieldRule(field="classify2", label="管控措施分类2", required=True, one_of=CLASSIFY2),
        FieldRule(field="classify3", label="管控措施分类3", max_len=100),
        FieldRule(field="troubleshootContent", label="隐患排查内容", required=True),
    )),
    Entity.CHECK_TASK: RecordRules((
        *common_rules(), parent_rule("riskMeasureId", "管控措施"),
        FieldRule(field="troubleshootContent", label="隐患排查内容", required=True, max_len=1000),
        FieldRule(field="checkCycle", label="巡检周期", required=True, positive=True, decimal=(2, 2)),
        FieldRule(field="checkCycleUnit", label="巡检周期单位", required=True, one_of=CYCLE_UNITS),
        FieldRule(field="taskStartTime", label="任务开始时间", required=True),
        FieldRule(field="workDayType", label="工作日类型", required=True, one_of=codes(0, 1, 2)),
        FieldRule(field="workType", label="包保任务类型", required=True, one_of=codes(0, 1, 2, 3)),
    ), (required_when("workStartTime", "岗位开始时间", _hourly, "周期单位为小时"),
        required_when("workEndTime", "岗位结束时间", _hourly, "周期单位为小时"), _task_num)),
    Entity.CHECK_RECORD: RecordRules((
        *common_rules(), parent_rule("checkTaskId", "隐患排查任务"),
        FieldRule(field="checkTime", label="排查时间", required=True),
        FieldRule(field="checkStatus", label="排查结果", required=True, one_of=codes(0, 1, 2, 3)),
        FieldRule(field="createByMobile", label="创建人手机号", required=True, pattern=MOBILE,
                  pattern_text="须为11位大陆手机号"),
        FieldRule(field="updateByMobile", label="修改人手机号", pattern=MOBILE, pattern_text="须为11位大陆手机号"),
        FieldRule(field="mobileMe", label="设备标识", max_len=64),
        FieldRule(field="isDefend", label="是否包保任务", one_of=codes(0, 1)),
    )),
    Entity.HAZARD: hazard_rules((
        photo_rule("dangerImg", "隐患照片", UPLOADER_PHOTOS.max_encoded, True),
        photo_rule("dangerAcceptImg", "整改后照片", UPLOADER_PHOTOS.max_encoded, True))),
}

# The table names after `sec_` are this adapter's reading of the uploader; a target may override them.
ENDPOINTS = {Entity.RISK_UNIT: "/api/sync/data/sec_risk_unit", Entity.RISK_EVENT: "/api/sync/data/sec_risk_event",
             Entity.CONTROL_MEASURE: "/api/sync/data/sec_risk_measure",
             Entity.CHECK_TASK: "/api/sync/data/sec_check_task",
             Entity.CHECK_RECORD: "/api/sync/data/sec_check_record", Entity.HAZARD: "/api/sync/data/sec_danger"}


class UploaderDialect(Dialect):
    name = "uploader"
    label = "省级双重预防数据上报平台"
    deletes = True
    photo_rule = UPLOADER_PHOTOS
    endpoints: Mapping[Entity, str] = ENDPOINTS
    rules: Mapping[Entity, RecordRules] = RULES

    def common(self, snapshot: Snapshot, enterprise: EnterpriseCodes) -> WireRecord:
        stamp = snapshot.stamp
        return {"companyCode": enterprise.company_code, "deleted": flag(snapshot.deleted),
                "createDate": compact_datetime(stamp.created_at), "createBy": stamp.created_by,
                "updateDate": compact_datetime(stamp.updated_at), "updateBy": stamp.updated_by}

    def fields(self, snapshot: Snapshot, photos: Mapping[str, Photo]) -> WireRecord:
        match snapshot:
            case RiskUnitSnapshot():
                level = RISK_LEVEL_0_TO_3.get(snapshot.risk_level) if snapshot.risk_level else None
                return {"hazardCode": snapshot.object_code, "hazardDep": snapshot.department,
                        "hazardLiablePerson": snapshot.liable_person, "riskUnitName": snapshot.name,
                        "riskClass": level}
            case RiskEventSnapshot():
                return {"riskUnitId": snapshot.unit_id, "riskEventName": snapshot.name}
            case ControlMeasureSnapshot():
                return {"riskEventId": snapshot.risk_event_id, "dataSrc": snapshot.data_source,
                        "riskMeasureDesc": snapshot.description, "classify1": snapshot.classify1,
                        "classify2": snapshot.classify2, "classify3": snapshot.classify3,
                        "troubleshootContent": snapshot.inspection_content}
            case CheckTaskSnapshot():
                return self._task(snapshot)
            case CheckRecordSnapshot():
                return {"checkTaskId": snapshot.task_id, "checkTime": compact_datetime(snapshot.check_time),
                        "checkStatus": snapshot.check_status, "createByMobile": snapshot.created_by_mobile,
                        "updateByMobile": snapshot.updated_by_mobile, "mobileMe": snapshot.device,
                        "isDefend": flag(snapshot.is_defend)}
            case HazardSnapshot():
                return self.hazard(snapshot, photos)
        raise TypeError(type(snapshot))

    @staticmethod
    def _task(t: CheckTaskSnapshot) -> WireRecord:
        return {"riskMeasureId": t.measure_id, "troubleshootContent": t.troubleshoot_content,
                "checkCycle": number(t.check_cycle), "checkCycleUnit": t.check_cycle_unit,
                "taskStartTime": compact_datetime(t.task_start_time) if t.task_start_time else None,
                "workStartTime": time_of_day(t.work_start_time) if t.work_start_time else None,
                "workEndTime": time_of_day(t.work_end_time) if t.work_end_time else None,
                "workDayType": t.work_day_type, "workType": t.work_type, "taskNum": t.task_num}

    def hazard(self, h: HazardSnapshot, photos: Mapping[str, Photo]) -> WireRecord:
        return {**self.hazard_fields(h), **self.hazard_times(h), **self.hazard_photos(h, photos)}

    @staticmethod
    def hazard_fields(h: HazardSnapshot) -> WireRecord:
        return {
            "hazardCode": h.object_code, "riskMeasureId": h.measure_id, "checkRecordId": h.record_id,
            "dangerName": h.name, "dangerLevel": h.level, "registrant": h.registrant, "dangerSrc": h.source,
            "enforcementId": h.enforcement_id, "dangerManageType": h.manage_type,
            "hazardDangerType": h.hazard_type, "hazardCategory": h.category, "dangerDesc": h.description,
            "dangerReason": h.cause, "controlMeasures": h.measures_taken, "cost": text(h.cost),
            "liablePerson": h.liable_person, "checkAcceptPerson": h.accept_person,
            "checkAcceptComment": h.accept_comment, "dangerState": h.state,
        }

    @staticmethod
    def hazard_times(h: HazardSnapshot) -> WireRecord:
        return {"registTime": compact_datetime(h.reported_at),
                "dangerManageDeadline": compact_date(h.deadline) if h.deadline else None,
                "checkAcceptTime": compact_date(h.accept_time) if h.accept_time else None}

    def hazard_photos(self, h: HazardSnapshot, photos: Mapping[str, Photo]) -> WireRecord:
        return {"dangerImg": self.photo(h.photo_ids, photos),
                "dangerAcceptImg": self.photo(h.after_photo_ids, photos)}


UPLOADER = UploaderDialect()

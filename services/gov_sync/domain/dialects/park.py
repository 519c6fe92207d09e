"""The chemical-park receiver (五位一体, `/api/wwyt/t_*`): risk level `riskClass` 1–4 as we keep it;
times `yyyyMMddHHmmss`, dates `yyyyMMdd`; the hazard's record link is `recordId`, its photos
`attachments1`/`attachments2` (data URIs in a 64 KB column); dangerSrc and checkStatus are
strings there (its columns are), the other codes numbers; every coded field is required, and
so are `registrant`, `checkAcceptPerson` and `checkAcceptTime` on every hazard. It has no
`deleted` field: a retired entity is not sent (see `deletion_note`, decisions.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from services.gov_sync.domain.dialects.base import Dialect, WireRecord
from services.gov_sync.domain.photos import PARK_PHOTOS, Photo
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
)
from services.gov_sync.domain.wire_times import compact_date, compact_datetime
from services.gov_sync.domain.wire_values import number, text

# 2-3 and 3-4 (其他) exist in DOMAIN.md and on the uploader; this receiver's enum has neither.
PARK_CLASSIFY2 = codes("1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "3-1", "3-2", "3-3",
                       "4-1", "4-2", "4-3", "4-4", "4-5")
CREDIT_CODE = re.compile(r"[0-9A-Z]{18}")


def _common_rules() -> tuple[FieldRule, ...]:
    return (record_id_rule(), company_code_rule(),
            FieldRule(field="tyshxydm", label="统一社会信用代码", required=True, pattern=CREDIT_CODE,
                      pattern_text="须为18位数字或大写字母"))


def _one_object_code(record: Record) -> list[tuple[str, str]]:
    if record.get("hazardCode") or record.get("hazardCode1"):
        return []
    return [("hazardCode", "风险分析对象编码（hazardCode 或 hazardCode1）须有其一")]


def _photo(field: str, label: str) -> FieldRule:
    return FieldRule(field=field, label=label, max_len=PARK_PHOTOS.max_encoded, pattern=PHOTO_DATA_URI,
                     pattern_text="须为 data:image/png|jpeg;base64 编码的图片")


RULES = {
    Entity.RISK_UNIT: RecordRules((
        *_common_rules(),
        FieldRule(field="hazardCode", label="风险分析对象编码", max_len=36),
        FieldRule(field="hazardCode1", label="风险分析对象编码（非重大危险源）", max_len=36),
        FieldRule(field="hazardDep", label="责任部门", required=True, max_len=200),
        FieldRule(field="hazardLiablePerson", label="责任人", required=True, max_len=20),
        FieldRule(field="riskUnitName", label="风险分析单元名称", required=True, max_len=200),
        FieldRule(field="riskClass", label="风险等级", required=True, one_of=codes(1, 2, 3, 4)),
    ), (_one_object_code,)),
    Entity.RISK_EVENT: RecordRules((
        *_common_rules(), parent_rule("riskUnitId", "风险分析单元"),
        FieldRule(field="riskEventName", label="风险事件名称", required=True, max_len=500),
    )),
    Entity.CONTROL_MEASURE: RecordRules((
        *_common_rules(), parent_rule("riskEventId", "风险事件"),
        FieldRule(field="dataSrc", label="管控方式", required=True, one_of=codes(1, 2)),
        FieldRule(field="riskMeasureDesc", label="管控措施描述", required=True, max_len=4000),
        FieldRule(field="classify1", label="管控措施分类1", required=True, one_of=codes(1, 2, 3, 4)),
        FieldRule(field="classify2", label="管控措施分类2", required=True, one_of=PARK_CLASSIFY2),
        FieldRule(field="classify3", label="管控措施分类3", max_len=100),
        FieldRule(field="troubleshootContent", label="隐患排查内容", required=True),
    )),
    Entity.CHECK_TASK: RecordRules((
        *_common_rules(), parent_rule("riskMeasureId", "管控措施"),
        FieldRule(field="troubleshootContent", label="隐患排查内容", required=True, max_len=1000),
        FieldRule(field="checkCycle", label="巡检周期", required=True, decimal=(2, 2)),
        FieldRule(field="checkCycleUnit", label="巡检周期单位", required=True, max_len=20),
    )),
    Entity.CHECK_RECORD: RecordRules((
        *_common_rules(), parent_rule("checkTaskId", "隐患排查任务"),
        FieldRule(field="checkTime", label="排查时间", required=True),
        FieldRule(field="checkStatus", label="排查结果", required=True, one_of=codes(0, 1, 2, 3)),
        FieldRule(field="createByMobile", label="创建人手机号", required=True, pattern=MOBILE,
                  pattern_text="须为11位大陆手机号"),
        FieldRule(field="updateByMobile", label="修改人手机号", required=True, pattern=MOBILE,
                  pattern_text="须为11位大陆手机号"),
    )),
    Entity.HAZARD: RecordRules((
        *_common_rules(),
        FieldRule(field="hazardCode", label="风险分析对象编码", max_len=36),
        parent_rule("riskMeasureId", "管控措施", required=False),
        parent_rule("recordId", "隐患排查记录", required=False),
        FieldRule(field="dangerName", label="隐患名称", required=True, max_len=300),
        FieldRule(field="dangerLevel", label="隐患等级", required=True, one_of=codes(0, 1)),
        FieldRule(field="registTime", label="登记时间", required=True),
        FieldRule(field="registrant", label="登记人姓名", required=True, max_len=100),
        FieldRule(field="dangerSrc", label="隐患来源", required=True, one_of=codes(*range(1, 11))),
        FieldRule(field="dangerManageType", label="治理类型", required=True, one_of=codes(0, 1)),
        FieldRule(field="hazardDangerType", label="隐患类型", required=True, one_of=codes(*range(1, 9))),
        FieldRule(field="managementClassification", label="人物管理分类", required=True, one_of=codes(1, 2, 3)),
        FieldRule(field="occurrenceLink", label="发生环节", required=True, one_of=codes(*range(1, 11))),
        FieldRule(field="dangerDesc", label="隐患描述", required=True),
        FieldRule(field="controlMeasures", label="控制措施", max_len=1000),
        FieldRule(field="cost", label="整改资金", max_len=100),
        FieldRule(field="liablePerson", label="整改责任人", required=True, max_len=100),
        FieldRule(field="dangerManageDeadline", label="隐患治理期限", required=True),
        FieldRule(field="checkAcceptPerson", label="验收人姓名", required=True, max_len=50),
        FieldRule(field="checkAcceptTime", label="验收时间", required=True),
        FieldRule(field="checkAcceptComment", label="验收情况描述", max_len=1000),
        FieldRule(field="dangerState", label="隐患状态", required=True, one_of=codes(0, 1, 9)),
        _photo("attachments1", "隐患照片"), _photo("attachments2", "隐患整改照片"),
    )),
}

ENDPOINTS = {Entity.RISK_UNIT: "/api/wwyt/t_aqfxfxdy", Entity.RISK_EVENT: "/api/wwyt/t_aqfxsj",
             Entity.CONTROL_MEASURE: "/api/wwyt/t_aqfxgkcs", Entity.CHECK_TASK: "/api/wwyt/t_yhpcrwxx",
             Entity.CHECK_RECORD: "/api/wwyt/t_yhpcjl", Entity.HAZARD: "/api/wwyt/t_yhzlxx"}


class ParkDialect(Dialect):
    name = "park"
    label = "化工园区“五位一体”平台"
    deletes = False
    photo_rule = PARK_PHOTOS
    endpoints = ENDPOINTS
    rules = RULES
    deletion_note = ("园区平台没有删除字段：已停用/作废的记录不再报送，平台上保留最后一次报送的内容，"
                     "须由园区平台侧处理")

    def common(self, snapshot: Snapshot, enterprise: EnterpriseCodes) -> WireRecord:
        # The Basic username becomes create/update person there: no createBy/updateBy is sent.
        return {"companyCode": enterprise.company_code, "tyshxydm": enterprise.credit_code}

    def fields(self, snapshot: Snapshot, photos: Mapping[str, Photo]) -> WireRecord:
        match snapshot:
            case RiskUnitSnapshot():
                code_field = "hazardCode" if snapshot.major_hazard_source else "hazardCode1"
                return {code_field: snapshot.object_code, "hazardDep": snapshot.department,
                        "hazardLiablePerson": snapshot.liable_person, "riskUnitName": snapshot.name,
                        "riskClass": snapshot.risk_level}
            case RiskEventSnapshot():
                return {"riskUnitId": snapshot.unit_id, "riskEventName": snapshot.name}
            case ControlMeasureSnapshot():
                return {"riskEventId": snapshot.risk_event_id, "dataSrc": snapshot.data_source,
                        "riskMeasureDesc": snapshot.description, "classify1": snapshot.classify1,
                        "classify2": snapshot.classify2, "classify3": snapshot.classify3,
                        "troubleshootContent": snapshot.inspection_content}
            case CheckTaskSnapshot():
                return {"riskMeasureId": snapshot.measure_id, "troubleshootContent": snapshot.troubleshoot_content,
                        "checkCycle": number(snapshot.check_cycle), "checkCycleUnit": snapshot.check_cycle_unit}
            case CheckRecordSnapshot():
                return {"checkTaskId": snapshot.task_id, "checkTime": compact_datetime(snapshot.check_time),
                        "checkStatus": text(snapshot.check_status), "createByMobile": snapshot.created_by_mobile,
                        "updateByMobile": snapshot.updated_by_mobile}
            case HazardSnapshot():
                return self._hazard(snapshot, photos)
        raise TypeError(type(snapshot))

    def _hazard(self, h: HazardSnapshot, photos: Mapping[str, Photo]) -> WireRecord:
        return {
            "hazardCode": h.object_code, "riskMeasureId": h.measure_id, "recordId": h.record_id,
            "dangerName": h.name, "dangerLevel": h.level, "registTime": compact_datetime(h.reported_at),
            "registrant": h.registrant, "dangerSrc": text(h.source), "dangerManageType": h.manage_type,
            "hazardDangerType": h.hazard_type, "managementClassification": h.management_class,
            "occurrenceLink": h.occurrence_link, "dangerDesc": h.description, "dangerReason": h.cause,
            "controlMeasures": h.measures_taken, "cost": text(h.cost), "liablePerson": h.liable_person,
            "dangerManageDeadline": compact_date(h.deadline) if h.deadline else None,
            "checkAcceptPerson": h.accept_person,
            "checkAcceptTime": compact_date(h.accept_time) if h.accept_time else None,
            "checkAcceptComment": h.accept_comment, "dangerState": h.state,
            "attachments1": self.photo(h.photo_ids, photos), "attachments2": self.photo(h.after_photo_ids, photos),
        }


PARK = ParkDialect()

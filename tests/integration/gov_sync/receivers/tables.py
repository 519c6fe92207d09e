"""Each platform's six tables and their field rules, from GOV-INTERFACE.md ("Common fields",
"Entities", "The park receiver, read closer", "A third variant"). README.md names the line of each."""

from __future__ import annotations

from tests.integration.gov_sync.receivers.rules import (
    CREDIT_CODE,
    DASHED,
    DATE,
    TIME,
    TIME_OF_DAY,
    Fault,
    Record,
    Rule,
    Table,
    bare_base64_photo,
    blank,
    codes,
    company_code,
    data_uri_photo,
    decimal_within,
    mobile,
    record_id,
)

CLASSIFY2_PARK = codes("1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "3-1", "3-2", "3-3",
                       "4-1", "4-2", "4-3", "4-4", "4-5")
CLASSIFY2_UPLOADER = (*CLASSIFY2_PARK, "2-3", "3-4")


def _one_object_code(record: Record) -> list[Fault]:
    if blank(record.get("hazardCode")) and blank(record.get("hazardCode1")):
        return [("hazardCode", "hazardCode与hazardCode1不能同时为空")]
    return []


# --- the park receiver (五位一体, /api/wwyt/t_*): every coded field required -----------------------
def _park_common() -> tuple[Rule, ...]:
    return (record_id(), company_code(),
            Rule("tyshxydm", required=True, pattern=CREDIT_CODE, pattern_text="须为18位统一社会信用代码"))


PARK_UNIT, PARK_EVENT, PARK_MEASURE = "t_aqfxfxdy", "t_aqfxsj", "t_aqfxgkcs"
PARK_TASK, PARK_RECORD, PARK_HAZARD = "t_yhpcrwxx", "t_yhpcjl", "t_yhzlxx"

PARK_TABLES = {table.name: table for table in (
    Table(PARK_UNIT, "安全风险分析单元", (
        *_park_common(), Rule("hazardCode", max_len=36), Rule("hazardCode1", max_len=36),
        Rule("hazardDep", required=True, max_len=200), Rule("hazardLiablePerson", required=True, max_len=20),
        Rule("riskUnitName", required=True, max_len=200), Rule("riskClass", required=True, one_of=codes(1, 2, 3, 4)),
    ), (_one_object_code,)),
    Table(PARK_EVENT, "安全风险事件", (
        *_park_common(), Rule("riskUnitId", required=True, max_len=36),
        Rule("riskEventName", required=True, max_len=500),
    ), parents={"riskUnitId": PARK_UNIT}),
    Table(PARK_MEASURE, "管控措施", (
        *_park_common(), Rule("riskEventId", required=True, max_len=36),
        Rule("dataSrc", required=True, one_of=codes(1, 2)), Rule("riskMeasureDesc", required=True, max_len=4000),
        Rule("classify1", required=True, one_of=codes(1, 2, 3, 4)),
        Rule("classify2", required=True, one_of=CLASSIFY2_PARK), Rule("classify3", max_len=100),
        Rule("troubleshootContent", required=True),
    ), parents={"riskEventId": PARK_EVENT}),
    Table(PARK_TASK, "隐患排查任务", (
        *_park_common(), Rule("riskMeasureId", required=True, max_len=36),
        Rule("troubleshootContent", required=True, max_len=1000),
        Rule("checkCycle", required=True, check=decimal_within(2, 2, positive=False)),
        Rule("checkCycleUnit", required=True, max_len=20),
    ), parents={"riskMeasureId": PARK_MEASURE}),
    Table(PARK_RECORD, "隐患排查记录", (
        *_park_common(), Rule("checkTaskId", required=True, max_len=36), Rule("checkTime", required=True, time=TIME),
        Rule("checkStatus", required=True, one_of=codes(0, 1, 2, 3)),
        mobile("createByMobile", required=True), mobile("updateByMobile", required=True),
    ), parents={"checkTaskId": PARK_TASK}),
    Table(PARK_HAZARD, "隐患信息", (
        *_park_common(), Rule("hazardCode", max_len=36), Rule("riskMeasureId", max_len=36),
        Rule("recordId", max_len=36), Rule("dangerName", required=True, max_len=300),
        Rule("dangerLevel", required=True, one_of=codes(0, 1)), Rule("registTime", required=True, time=TIME),
        Rule("registrant", required=True, max_len=100), Rule("dangerSrc", required=True, one_of=codes(*range(1, 11))),
        Rule("dangerManageType", required=True, one_of=codes(0, 1)),
        Rule("hazardDangerType", required=True, one_of=codes(*range(1, 9))),
        Rule("managementClassification", required=True, one_of=codes(1, 2, 3)),
        Rule("occurrenceLink", required=True, one_of=codes(*range(1, 11))),
        Rule("dangerDesc", required=True), Rule("dangerReason"), Rule("controlMeasures", max_len=1000),
        Rule("cost", max_len=100), Rule("liablePerson", required=True, max_len=100),
        Rule("dangerManageDeadline", required=True, time=DATE),
        Rule("checkAcceptPerson", required=True, max_len=50), Rule("checkAcceptTime", required=True, time=DATE),
        Rule("checkAcceptComment", max_len=1000), Rule("dangerState", required=True, one_of=codes(0, 1, 9)),
        Rule("attachments1", check=data_uri_photo), Rule("attachments2", check=data_uri_photo),
    ), parents={"riskMeasureId": PARK_MEASURE, "recordId": PARK_RECORD}),
)}
# Validation allows 5 MB, the database column holds 64 KB: more fails the insert (an HTTP 500).
PARK_PHOTO_COLUMNS = ("attachments1", "attachments2")
PARK_PHOTO_COLUMN_CHARS = 65_535


# --- the provincial uploader (POST {base}/api/sync/data/sec_*) and the provincial document -------
def _uploader_common() -> tuple[Rule, ...]:
    return (record_id(), company_code(), Rule("deleted", required=True, one_of=codes(0, 1)),
            Rule("createDate", required=True, time=TIME), Rule("createBy", required=True),
            Rule("updateDate", required=True, time=TIME), Rule("updateBy", required=True))


def _hourly_work_times(record: Record) -> list[Fault]:
    if record.get("checkCycleUnit") != "小时":
        return []
    return [(name, "周期单位为小时时不能为空") for name in ("workStartTime", "workEndTime") if blank(record.get(name))]


TASK_NUMBERS = {"1": 9, "2": 9, "3": 10}  # workType 1–3: taskNum 1–9, 1–9, 1–10


def _task_number(record: Record) -> list[Fault]:
    top = TASK_NUMBERS.get(str(record.get("workType")))
    if top is None:
        return []
    value = record.get("taskNum")
    if blank(value):
        return [("taskNum", "包保任务类型为1～3时不能为空")]
    if str(value) not in codes(*range(1, top + 1)):
        return [("taskNum", f"取值须为1～{top}")]
    return []


def _accepted_needs_acceptance(record: Record) -> list[Fault]:
    if str(record.get("dangerState")) != "9":
        return []
    return [(name, "隐患已验收时不能为空") for name in ("checkAcceptPerson", "checkAcceptTime")
            if blank(record.get(name))]


UP_UNIT, UP_EVENT, UP_MEASURE = "sec_risk_unit", "sec_risk_event", "sec_risk_measure"
UP_TASK, UP_RECORD, UP_HAZARD = "sec_check_task", "sec_check_record", "sec_danger"


def _uploader_tables(hazard_times: tuple[Rule, ...], photos: tuple[Rule, ...],
                     hazard_checks: tuple = ()) -> dict[str, Table]:
    return {table.name: table for table in (
        Table(UP_UNIT, "安全风险分析单元", (
            *_uploader_common(), Rule("hazardCode", max_len=36), Rule("hazardDep", required=True, max_len=200),
            Rule("hazardLiablePerson", required=True, max_len=20), Rule("riskUnitName", required=True, max_len=200),
            Rule("riskClass", one_of=codes(0, 1, 2, 3)),
        )),
        Table(UP_EVENT, "安全风险事件", (
            *_uploader_common(), Rule("riskUnitId", required=True), Rule("riskEventName", required=True, max_len=500),
        ), parents={"riskUnitId": UP_UNIT}),
        Table(UP_MEASURE, "管控措施", (
            *_uploader_common(), Rule("riskEventId", required=True), Rule("dataSrc", one_of=codes(1, 2)),
            Rule("riskMeasureDesc", required=True, max_len=4000), Rule("classify1", one_of=codes(1, 2, 3, 4)),
            Rule("classify2", one_of=CLASSIFY2_UPLOADER), Rule("classify3", max_len=100),
            Rule("troubleshootContent", required=True),
        ), parents={"riskEventId": UP_EVENT}),
        Table(UP_TASK, "隐患排查任务", (
            *_uploader_common(), Rule("riskMeasureId", required=True),
            Rule("troubleshootContent", required=True, max_len=1000),
            Rule("checkCycle", check=decimal_within(2, 2, positive=True)),
            Rule("checkCycleUnit", one_of=("小时", "天", "月", "年")), Rule("taskStartTime", time=TIME),
            Rule("workStartTime", time=TIME_OF_DAY), Rule("workEndTime", time=TIME_OF_DAY),
            Rule("workDayType", one_of=codes(0, 1, 2)), Rule("workType", one_of=codes(0, 1, 2, 3)), Rule("taskNum"),
        ), (_hourly_work_times, _task_number), parents={"riskMeasureId": UP_MEASURE}),
        Table(UP_RECORD, "隐患排查记录", (
            *_uploader_common(), Rule("checkTaskId", required=True), Rule("checkTime", required=True, time=TIME),
            Rule("checkStatus", one_of=codes(0, 1, 2, 3)), mobile("createByMobile", required=False),
            mobile("updateByMobile", required=False), Rule("mobileMe"), Rule("isDefend", one_of=codes(0, 1)),
        ), parents={"checkTaskId": UP_TASK}),
        Table(UP_HAZARD, "隐患信息", (
            *_uploader_common(), Rule("hazardCode", max_len=36), Rule("dangerName", required=True, max_len=300),
            Rule("dangerLevel", one_of=codes(0, 1)), Rule("registrant", max_len=100),
            Rule("dangerSrc", one_of=codes(*range(1, 11))), Rule("dangerManageType", one_of=codes(0, 1)),
            Rule("hazardDangerType", one_of=codes(*range(1, 9))), Rule("hazardCategory", one_of=codes(0, 1, 2, 3)),
            Rule("enforcementId"), Rule("dangerDesc", required=True), Rule("dangerReason"),
            Rule("controlMeasures", max_len=1000), Rule("cost", max_len=100),
            Rule("liablePerson", required=True, max_len=100), Rule("checkAcceptPerson", max_len=50),
            Rule("checkAcceptComment", max_len=1000), Rule("dangerState", one_of=codes(0, 1, 9)),
            *hazard_times, *photos,
        ), hazard_checks, parents={"riskMeasureId": UP_MEASURE, "checkRecordId": UP_RECORD}),
    )}


UPLOADER_TABLES = _uploader_tables(
    (Rule("registTime", time=TIME), Rule("dangerManageDeadline", required=True, time=DATE),
     Rule("checkAcceptTime", time=DATE)),
    (Rule("dangerImg", check=data_uri_photo), Rule("dangerAcceptImg", check=data_uri_photo)))

PROVINCIAL_TABLES = _uploader_tables(
    (Rule("registTime", time=DASHED), Rule("dangerManageDeadline", required=True, time=DASHED),
     Rule("checkAcceptTime", time=DASHED)),
    (Rule("attachments1", check=bare_base64_photo), Rule("attachments2", check=bare_base64_photo),
     Rule("attachments3", check=bare_base64_photo), Rule("attachmentsType")),
    (_accepted_needs_acceptance,))

"""Valid records written by hand, one per table and dialect, as the published rules describe them
(not as our adapters map them): the receivers' tests start from these and break one rule at a time."""

from __future__ import annotations

import base64
import uuid
from typing import Any

COMPANY_CODE, CREDIT_CODE = "330100123", "91330100MA2XXXXX1A"
# The smallest PNG there is (a 1×1 transparent pixel): a real image for the photo rules.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
                       "AAAABJRU5ErkJggg==")


def new_id(dashed: bool = False) -> str:
    return str(uuid.uuid4()) if dashed else uuid.uuid4().hex


def park_chain() -> dict[str, dict[str, Any]]:
    """A unit → event → measure → task → record → hazard chain for the park, by table name."""
    common = {"companyCode": COMPANY_CODE, "tyshxydm": CREDIT_CODE}
    unit, event, measure, task, record, hazard = (new_id() for _ in range(6))
    return {
        "t_aqfxfxdy": {**common, "id": unit, "hazardCode": "330100123-001", "hazardDep": "一车间",
                       "hazardLiablePerson": "张三", "riskUnitName": "氯乙烯储罐区", "riskClass": 1},
        "t_aqfxsj": {**common, "id": event, "riskUnitId": unit, "riskEventName": "储罐泄漏"},
        "t_aqfxgkcs": {**common, "id": measure, "riskEventId": event, "dataSrc": 2,
                       "riskMeasureDesc": "每班巡检罐区泄漏报警仪", "classify1": 1, "classify2": "1-2",
                       "classify3": "自定", "troubleshootContent": "报警仪是否正常投用"},
        "t_yhpcrwxx": {**common, "id": task, "riskMeasureId": measure, "troubleshootContent": "报警仪是否正常投用",
                       "checkCycle": 8, "checkCycleUnit": "小时"},
        "t_yhpcjl": {**common, "id": record, "checkTaskId": task, "checkTime": "20261203083000",
                     "checkStatus": "1", "createByMobile": "13912345678", "updateByMobile": "13912345678"},
        "t_yhzlxx": {**common, "id": hazard, "hazardCode": "330100123-001", "riskMeasureId": measure,
                     "recordId": record, "dangerName": "报警仪失灵", "dangerLevel": 0, "registTime": "20261203083500",
                     "registrant": "李四", "dangerSrc": "1", "dangerManageType": 0, "hazardDangerType": 1,
                     "managementClassification": 2, "occurrenceLink": 3, "dangerDesc": "2号罐报警仪无显示",
                     "liablePerson": "王五", "dangerManageDeadline": "20261203", "checkAcceptPerson": "赵六",
                     "checkAcceptTime": "20261203", "dangerState": 9,
                     "attachments1": "data:image/png;base64," + base64.b64encode(PNG).decode()},
    }


def uploader_chain(provincial: bool = False) -> dict[str, dict[str, Any]]:
    """The same chain for the uploader (or the provincial document's variant), by table name."""
    stamp = {"companyCode": COMPANY_CODE, "deleted": "0", "createDate": "20261203080000", "createBy": "张三",
             "updateDate": "20261203080000", "updateBy": "张三"}
    unit, event, measure, task, record, hazard = (new_id(dashed=True) for _ in range(6))
    photo = base64.b64encode(PNG).decode()
    if provincial:
        times = {"registTime": "2026-12-03 08:35:00", "dangerManageDeadline": "2026-12-10 23:59:59",
                 "checkAcceptTime": "2026-12-04 09:00:00"}
        photos = {"attachments1": photo}
    else:
        times = {"registTime": "20261203083500", "dangerManageDeadline": "20261210", "checkAcceptTime": "20261204"}
        photos = {"dangerImg": "data:image/png;base64," + photo}
    return {
        "sec_risk_unit": {**stamp, "id": unit, "hazardCode": "330100123-001", "hazardDep": "一车间",
                          "hazardLiablePerson": "张三", "riskUnitName": "氯乙烯储罐区", "riskClass": 0},
        "sec_risk_event": {**stamp, "id": event, "riskUnitId": unit, "riskEventName": "储罐泄漏"},
        "sec_risk_measure": {**stamp, "id": measure, "riskEventId": event, "dataSrc": 2,
                             "riskMeasureDesc": "每班巡检罐区泄漏报警仪", "classify1": 2, "classify2": "2-3",
                             "troubleshootContent": "报警仪是否正常投用"},
        "sec_check_task": {**stamp, "id": task, "riskMeasureId": measure, "troubleshootContent": "报警仪是否正常投用",
                           "checkCycle": 8, "checkCycleUnit": "小时", "taskStartTime": "20261201000000",
                           "workStartTime": "8:00:00", "workEndTime": "17:30:00", "workDayType": 0,
                           "workType": 1, "taskNum": 3},
        "sec_check_record": {**stamp, "id": record, "checkTaskId": task, "checkTime": "20261203083000",
                             "checkStatus": 1, "createByMobile": "13912345678", "mobileMe": "860000000000001",
                             "isDefend": "1"},
        "sec_danger": {**stamp, "id": hazard, "riskMeasureId": measure, "checkRecordId": record,
                       "dangerName": "报警仪失灵", "dangerLevel": 0, "dangerSrc": 1, "dangerManageType": 1,
                       "hazardDangerType": 1, "hazardCategory": 1, "dangerDesc": "2号罐报警仪无显示",
                       "liablePerson": "王五", "checkAcceptPerson": "赵六", "dangerState": 9, **times, **photos},
    }


PARK_ORDER = ("t_aqfxfxdy", "t_aqfxsj", "t_aqfxgkcs", "t_yhpcrwxx", "t_yhpcjl", "t_yhzlxx")
UPLOADER_ORDER = ("sec_risk_unit", "sec_risk_event", "sec_risk_measure", "sec_check_task", "sec_check_record",
                  "sec_danger")

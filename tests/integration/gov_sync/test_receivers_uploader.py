"""The provincial uploader's and the provincial document's receivers (GOV-INTERFACE.md, "Envelope,
crypto, auth", "Entities", "A third variant"): refusals per record, `deleted`, the update stamps."""

from __future__ import annotations

import base64
from datetime import timedelta

import httpx
import pytest

from tests.integration.gov_sync.conftest import PROVINCIAL_KEY, UPLOADER_KEY
from tests.integration.gov_sync.receivers.envelope import seal
from tests.integration.gov_sync.receivers.samples import PNG, UPLOADER_ORDER, uploader_chain

pytestmark = pytest.mark.integration


async def post(receiver, table, records, key=None, auth=None):
    key = key or (UPLOADER_KEY if receiver.dialect == "uploader" else PROVINCIAL_KEY)
    async with httpx.AsyncClient(base_url=receiver.url) as client:
        return await client.post(receiver.path(table), json=seal(records, key), auth=auth)


async def send_chain(receiver, chain, upto=len(UPLOADER_ORDER)):
    for table in UPLOADER_ORDER[:upto]:
        answer = await post(receiver, table, [chain[table]])
        assert answer.json()["success"] and answer.json()["data"]["code"] == "200", answer.text


async def test_a_valid_uploader_chain_is_accepted(uploader):
    await accepts_a_valid_chain(uploader)


async def test_a_valid_provincial_chain_is_accepted(provincial):
    await accepts_a_valid_chain(provincial)


async def accepts_a_valid_chain(receiver):
    chain = uploader_chain(provincial=receiver.dialect == "provincial")
    await send_chain(receiver, chain)
    for table in UPLOADER_ORDER:
        assert receiver.record(table, chain[table]["id"]) == chain[table]
    body = receiver.calls[-1].body
    assert body["success"] is True and body["code"] == "200" and body["data"] == {"msg": "成功", "code": "200",
                                                                                  "data": []}


@pytest.mark.parametrize(("table", "change", "message"), [
    ("sec_risk_unit", {"deleted": None}, "deleted 不能为空"),
    ("sec_risk_unit", {"deleted": "2"}, "deleted 取值须为0/1之一"),
    ("sec_risk_unit", {"updateBy": None}, "updateBy 不能为空"),
    ("sec_risk_unit", {"createDate": "2026-12-03"}, "createDate 时间格式须为yyyyMMddHHmmss"),
    ("sec_risk_unit", {"riskClass": 4}, "riskClass 取值须为0/1/2/3之一"),
    ("sec_check_task", {"checkCycle": 0}, "checkCycle 须大于0"),
    ("sec_check_task", {"checkCycleUnit": "周"}, "checkCycleUnit 取值须为小时/天/月/年之一"),
    ("sec_check_task", {"workStartTime": None}, "workStartTime 周期单位为小时时不能为空"),
    ("sec_check_task", {"workEndTime": "17:30"}, "workEndTime 时间格式须为H:mm:ss"),
    ("sec_check_task", {"taskNum": None}, "taskNum 包保任务类型为1～3时不能为空"),
    ("sec_check_task", {"workType": 3, "taskNum": 11}, "taskNum 取值须为1～10"),
    ("sec_check_task", {"workDayType": 3}, "workDayType 取值须为0/1/2之一"),
    ("sec_check_record", {"createByMobile": "1391234567"}, "createByMobile 手机号格式不正确"),
    ("sec_check_record", {"checkTime": None}, "checkTime 不能为空"),
    ("sec_danger", {"dangerManageDeadline": "2026-12-10"}, "dangerManageDeadline 时间格式须为yyyyMMdd"),
    ("sec_danger", {"hazardCategory": 4}, "hazardCategory 取值须为0/1/2/3之一"),
    ("sec_danger", {"dangerImg": base64.b64encode(PNG).decode()}, "dangerImg 须为data:image/png|jpeg;base64编码的图片"),
])
async def test_each_uploader_rule_violation_is_refused_with_its_message(uploader, table, change, message):
    chain = uploader_chain()
    await send_chain(uploader, chain, UPLOADER_ORDER.index(table))
    bad = {**chain[table], **change}
    answer = await post(uploader, table, [bad])
    assert answer.status_code == 200
    refused = [{"id": bad["id"], "msg": message}]
    assert answer.json()["data"] == {"msg": "部分数据校验失败", "code": "500", "data": refused}
    assert uploader.record(table, bad["id"]) is None


@pytest.mark.parametrize(("change", "message"), [
    ({"registTime": "20261203083500"}, "registTime 时间格式须为yyyy-MM-dd HH:mm:ss"),
    ({"dangerManageDeadline": "20261210"}, "dangerManageDeadline 时间格式须为yyyy-MM-dd HH:mm:ss"),
    ({"checkAcceptTime": None}, "checkAcceptTime 隐患已验收时不能为空"),
    ({"checkAcceptPerson": None}, "checkAcceptPerson 隐患已验收时不能为空"),
    ({"attachments1": "data:image/png;base64," + base64.b64encode(PNG).decode()},
     "attachments1 须为base64编码的PNG/JPEG图片"),
])
async def test_each_provincial_hazard_rule_is_refused_with_its_message(provincial, change, message):
    chain = uploader_chain(provincial=True)
    await send_chain(provincial, chain, UPLOADER_ORDER.index("sec_danger"))
    bad = {**chain["sec_danger"], **change}
    answer = await post(provincial, "sec_danger", [bad])
    assert answer.json()["data"]["data"] == [{"id": bad["id"], "msg": message}]


async def test_the_provincial_open_hazard_needs_no_acceptance(provincial):
    chain = uploader_chain(provincial=True)
    await send_chain(provincial, chain, UPLOADER_ORDER.index("sec_danger"))
    open_one = {**chain["sec_danger"], "dangerState": 0, "checkAcceptPerson": None, "checkAcceptTime": None}
    assert (await post(provincial, "sec_danger", [open_one])).json()["data"]["code"] == "200"


async def test_refusal_is_per_record_the_good_ones_are_kept(uploader):
    units = [uploader_chain()["sec_risk_unit"] for _ in range(4)]
    units[2] = {**units[2], "riskUnitName": ""}
    answer = await post(uploader, "sec_risk_unit", units)
    assert answer.json()["data"]["data"] == [{"id": units[2]["id"], "msg": "riskUnitName 不能为空"}]
    assert set(uploader.table("sec_risk_unit")) == {units[0]["id"], units[1]["id"], units[3]["id"]}


async def test_a_child_whose_parent_is_not_held_is_refused_its_siblings_kept(uploader):
    chain, orphan = uploader_chain(), uploader_chain()
    await send_chain(uploader, chain, 1)
    events = [chain["sec_risk_event"], orphan["sec_risk_event"]]
    answer = await post(uploader, "sec_risk_event", events)
    assert answer.json()["data"]["data"] == [
        {"id": events[1]["id"], "msg": f"riskUnitId 上级记录不存在：{orphan['sec_risk_unit']['id']}"}]
    assert set(uploader.table("sec_risk_event")) == {events[0]["id"]}


async def test_an_update_replaces_the_record_and_an_older_one_is_noted_as_stale(uploader):
    chain = uploader_chain()
    await send_chain(uploader, chain, 1)
    unit = chain["sec_risk_unit"]
    newer = {**unit, "riskUnitName": "新名称", "updateDate": "20261203090000", "updateBy": "李四"}
    await post(uploader, "sec_risk_unit", [newer])
    assert uploader.record("sec_risk_unit", unit["id"]) == newer and uploader.stale_writes == []
    await post(uploader, "sec_risk_unit", [unit])  # a retry of the older version
    assert uploader.stale_writes == [("sec_risk_unit", unit["id"])]


async def test_deletion_is_the_same_id_with_deleted_1(uploader):
    chain = uploader_chain()
    await send_chain(uploader, chain, 2)
    event = {**chain["sec_risk_event"], "deleted": "1", "updateDate": "20261204080000"}
    assert (await post(uploader, "sec_risk_event", [event])).json()["data"]["code"] == "200"
    held = uploader.table("sec_risk_event")[event["id"]]
    assert held.deleted and held.versions == 2


async def test_a_body_another_key_made_is_refused_undecryptable(uploader):
    answer = await post(uploader, "sec_risk_unit", [uploader_chain()["sec_risk_unit"]], key="another16charKey")
    assert answer.status_code == 200 and answer.json()["success"] is False
    assert answer.json()["data"]["msg"] == "数据体解密失败"


async def test_basic_auth_when_the_target_has_credentials(uploader):
    uploader.credentials = ("sec-user", "口令")
    unit = uploader_chain()["sec_risk_unit"]
    assert (await post(uploader, "sec_risk_unit", [unit])).status_code == 401
    assert (await post(uploader, "sec_risk_unit", [unit], auth=("sec-user", "wrong"))).status_code == 401
    assert (await post(uploader, "sec_risk_unit", [unit], auth=("sec-user", "口令"))).json()["success"]


async def test_a_business_code_inside_a_200_and_rate_limits(uploader):
    unit = uploader_chain()["sec_risk_unit"]
    uploader.fail_next("code_421", "http_429", "http_502")
    expired = await post(uploader, "sec_risk_unit", [unit])
    assert expired.status_code == 200 and expired.json()["success"] is False and expired.json()["code"] == "421"
    assert (await post(uploader, "sec_risk_unit", [unit])).status_code == 429
    assert (await post(uploader, "sec_risk_unit", [unit])).status_code == 502
    assert uploader.table("sec_risk_unit") == {}


async def test_listing_for_reconciliation_keeps_the_query_limit(uploader, clock):
    chain = uploader_chain()
    await send_chain(uploader, chain, 1)
    async with httpx.AsyncClient(base_url=uploader.url) as client:
        listed = await client.get(uploader.path("sec_risk_unit"))
        again = await client.get(uploader.path("sec_risk_unit"))
        clock.advance(timedelta(seconds=179))
        still = await client.get(uploader.path("sec_risk_unit"))
        clock.advance(timedelta(seconds=1))
        later = await client.get(uploader.path("sec_risk_unit"))
    assert listed.json()["data"]["data"] == [chain["sec_risk_unit"]]
    assert again.status_code == 429 and still.status_code == 429 and still.headers["Retry-After"] == "1"
    assert later.status_code == 200


async def test_a_refused_id_is_refused_alone(uploader):
    units = [uploader_chain()["sec_risk_unit"] for _ in range(3)]
    uploader.refuse(units[0]["id"], "id 该企业未开通上报")
    answer = await post(uploader, "sec_risk_unit", units)
    assert answer.json()["data"]["data"] == [{"id": units[0]["id"], "msg": "id 该企业未开通上报"}]
    assert set(uploader.table("sec_risk_unit")) == {units[1]["id"], units[2]["id"]}


async def test_the_listing_shows_deleted_records_with_their_flag(uploader):
    chain = uploader_chain()
    await send_chain(uploader, chain, 1)
    gone = {**chain["sec_risk_unit"], "deleted": "1", "updateDate": "20261204080000"}
    await post(uploader, "sec_risk_unit", [gone])
    async with httpx.AsyncClient(base_url=uploader.url) as client:
        listed = await client.get(uploader.path("sec_risk_unit"))
    assert listed.json()["data"]["data"] == [gone]

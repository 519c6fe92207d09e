"""The park receiver's contract (GOV-INTERFACE.md, "The park receiver, read closer"): what the
sender of the next session must pass. Batches are built by hand with `cryptography`."""

from __future__ import annotations

import base64
import ssl
import subprocess
from datetime import timedelta

import httpx
import orjson
import pytest

from tests.integration.gov_sync.conftest import PARK_KEY, PARK_LOGIN
from tests.integration.gov_sync.receivers.envelope import open_batch, seal
from tests.integration.gov_sync.receivers.samples import PARK_ORDER, PNG, park_chain
from tests.integration.gov_sync.receivers.tables import CLASSIFY2_PARK

pytestmark = pytest.mark.integration
CLASSIFY2_REFUSED = f"classify2 取值须为{'/'.join(CLASSIFY2_PARK)}之一"
DATA_URI_REFUSED = "attachments1 须为data:image/png|jpeg;base64编码的图片"


async def post(receiver, table, records, auth=PARK_LOGIN, key=PARK_KEY, wait_s=10.0):
    async with httpx.AsyncClient(base_url=receiver.url, timeout=wait_s) as client:
        return await client.post(receiver.path(table), json=seal(records, key), auth=auth)


async def send_chain(receiver, chain, upto=len(PARK_ORDER)):
    for table in PARK_ORDER[:upto]:
        answer = await post(receiver, table, [chain[table]])
        assert answer.status_code == 200 and answer.json()["code"] == 200, answer.text


def test_the_reference_envelope_is_what_openssl_makes():
    records = [{"id": "a" * 32, "riskUnitName": "氯乙烯储罐区"}]
    hex_key = PARK_KEY.encode().hex()
    made = subprocess.run(["openssl", "enc", "-aes-128-cbc", "-K", hex_key, "-iv", hex_key, "-base64", "-A"],
                          input=orjson.dumps(records), capture_output=True, check=True).stdout.decode().strip()
    assert seal(records, PARK_KEY)["datas"] == made
    assert open_batch(orjson.dumps({"datas": made}), PARK_KEY) == records


async def test_a_valid_chain_is_accepted_and_held_with_the_username_as_creator(park):
    chain = park_chain()
    await send_chain(park, chain)
    for table in PARK_ORDER:
        held = park.table(table)[chain[table]["id"]]
        assert held.record == chain[table] and held.created_by == PARK_LOGIN[0]
    assert park.calls[-1].body == {"code": 200, "msg": "成功", "data": None}


@pytest.mark.parametrize(("table", "change", "message"), [
    ("t_aqfxfxdy", {"riskUnitName": None}, "riskUnitName 不能为空"),
    ("t_aqfxfxdy", {"hazardDep": "部" * 201}, "hazardDep 长度不能超过200"),
    ("t_aqfxfxdy", {"hazardLiablePerson": "张" * 21}, "hazardLiablePerson 长度不能超过20"),
    ("t_aqfxfxdy", {"riskClass": 0}, "riskClass 取值须为1/2/3/4之一"),
    ("t_aqfxfxdy", {"riskClass": None}, "riskClass 不能为空"),
    ("t_aqfxfxdy", {"hazardCode": None}, "hazardCode hazardCode与hazardCode1不能同时为空"),
    ("t_aqfxfxdy", {"companyCode": "33010012"}, "companyCode 须为9位数字"),
    ("t_aqfxfxdy", {"tyshxydm": None}, "tyshxydm 不能为空"),
    ("t_aqfxfxdy", {"id": "abc"}, "id 须为32位或36位UUID"),
    ("t_aqfxgkcs", {"classify2": "2-3"}, CLASSIFY2_REFUSED),
    ("t_aqfxgkcs", {"classify2": "3-4"}, CLASSIFY2_REFUSED),
    ("t_aqfxgkcs", {"dataSrc": 3}, "dataSrc 取值须为1/2之一"),
    ("t_aqfxgkcs", {"troubleshootContent": ""}, "troubleshootContent 不能为空"),
    ("t_yhpcrwxx", {"checkCycle": 123.5}, "checkCycle 数字的值超出了允许范围(只允许在2位整数和2位小数范围内)"),
    ("t_yhpcrwxx", {"checkCycle": 0.125}, "checkCycle 数字的值超出了允许范围(只允许在2位整数和2位小数范围内)"),
    ("t_yhpcrwxx", {"checkCycle": -1}, "checkCycle 不能小于0"),
    ("t_yhpcrwxx", {"checkCycleUnit": "班" * 21}, "checkCycleUnit 长度不能超过20"),
    ("t_yhpcjl", {"createByMobile": "12912345678"}, "createByMobile 手机号格式不正确"),
    ("t_yhpcjl", {"updateByMobile": None}, "updateByMobile 不能为空"),
    ("t_yhpcjl", {"checkStatus": "4"}, "checkStatus 取值须为0/1/2/3之一"),
    ("t_yhzlxx", {"checkAcceptPerson": None}, "checkAcceptPerson 不能为空"),
    ("t_yhzlxx", {"registrant": None}, "registrant 不能为空"),
    ("t_yhzlxx", {"dangerState": 2}, "dangerState 取值须为0/1/9之一"),
    ("t_yhzlxx", {"occurrenceLink": 11}, "occurrenceLink 取值须为1/2/3/4/5/6/7/8/9/10之一"),
    ("t_yhzlxx", {"attachments1": base64.b64encode(PNG).decode()}, DATA_URI_REFUSED),
    ("t_yhzlxx", {"attachments1": "data:image/png;base64," + base64.b64encode(b"GIF89a....").decode()},
     "attachments1 须为PNG或JPEG图片"),
])
async def test_each_rule_violation_is_refused_with_the_platform_message(park, table, change, message):
    chain = park_chain()
    await send_chain(park, chain, PARK_ORDER.index(table))
    bad = {**chain[table], **change}
    answer = await post(park, table, [bad])
    assert answer.status_code == 400
    assert answer.json() == {"code": 400, "msg": "数据校验失败", "data": [{"uuid": str(bad["id"]), "msg": message}]}
    assert bad["id"] not in park.table(table)


async def test_one_bad_record_refuses_the_whole_batch_naming_every_bad_one(park):
    chains = [park_chain() for _ in range(5)]
    units = [chain["t_aqfxfxdy"] for chain in chains]
    units[1] = {**units[1], "riskUnitName": None, "riskClass": 7}
    units[3] = {**units[3], "hazardDep": None}
    answer = await post(park, "t_aqfxfxdy", units)
    assert answer.status_code == 400
    assert answer.json()["data"] == [
        {"uuid": units[1]["id"], "msg": "riskUnitName 不能为空"},
        {"uuid": units[1]["id"], "msg": "riskClass 取值须为1/2/3/4之一"},
        {"uuid": units[3]["id"], "msg": "hazardDep 不能为空"},
    ]
    assert park.table("t_aqfxfxdy") == {}  # the good ones were not kept either


async def test_a_badly_formatted_time_fails_the_batch_at_the_first_error_with_501_in_a_500(park):
    chain = park_chain()
    await send_chain(park, chain, PARK_ORDER.index("t_yhpcjl"))
    records = [{**chain["t_yhpcjl"], "checkTime": "2026-12-03 08:30:00"},
               {**chain["t_yhpcjl"], "id": "b" * 32, "checkTime": "20261303083000"}]
    answer = await post(park, "t_yhpcjl", records)
    assert answer.status_code == 500
    assert answer.json() == {"code": 501, "msg": "checkTime 时间格式须为yyyyMMddHHmmss", "data": None}
    assert park.table("t_yhpcjl") == {}


async def test_a_child_whose_parent_the_receiver_does_not_hold_is_refused(park):
    chain = park_chain()
    await send_chain(park, chain, 1)  # the unit only
    answer = await post(park, "t_aqfxgkcs", [chain["t_aqfxgkcs"]])  # its event was never sent
    assert answer.status_code == 400
    assert answer.json()["data"] == [{"uuid": chain["t_aqfxgkcs"]["id"],
                                      "msg": f"riskEventId 上级记录不存在：{chain['t_aqfxsj']['id']}"}]
    await send_chain(park, chain)  # parent first: accepted


async def test_the_park_as_it_is_does_not_check_parents(park):
    park.check_parents = False
    chain = park_chain()
    answer = await post(park, "t_yhzlxx", [chain["t_yhzlxx"]])
    assert answer.json()["code"] == 200


async def test_a_second_upload_of_an_id_updates_it(park):
    chain = park_chain()
    await send_chain(park, chain, 1)
    renamed = {**chain["t_aqfxfxdy"], "riskUnitName": "氯乙烯储罐区（改）"}
    assert (await post(park, "t_aqfxfxdy", [renamed])).json()["code"] == 200
    held = park.table("t_aqfxfxdy")
    assert len(held) == 1 and held[renamed["id"]].record == renamed and held[renamed["id"]].versions == 2


async def test_the_park_has_no_deleted_field_and_ignores_it(park):
    chain = park_chain()
    await send_chain(park, chain, 1)
    gone = {**chain["t_aqfxfxdy"], "deleted": "1"}
    assert (await post(park, "t_aqfxfxdy", [gone])).json()["code"] == 200
    held = park.table("t_aqfxfxdy")[gone["id"]]
    assert not held.deleted and held.record == chain["t_aqfxfxdy"]  # still current on the platform
    assert park.ignored == [("t_aqfxfxdy", gone["id"], "deleted")]  # what the sender said in vain


async def test_a_field_the_park_has_no_column_for_is_ignored_and_noted(park):
    chain = park_chain()
    await send_chain(park, chain, PARK_ORDER.index("t_yhzlxx"))
    hazard = {**chain["t_yhzlxx"], "checkRecordId": chain["t_yhzlxx"]["recordId"]}  # the uploader's name
    assert (await post(park, "t_yhzlxx", [hazard])).json()["code"] == 200
    assert park.record("t_yhzlxx", hazard["id"]) == chain["t_yhzlxx"]
    assert park.ignored == [("t_yhzlxx", hazard["id"], "checkRecordId")]


async def test_authentication_missing_is_421_inside_a_200_and_wrong_is_401(park):
    unit = park_chain()["t_aqfxfxdy"]
    missing = await post(park, "t_aqfxfxdy", [unit], auth=None)
    assert missing.status_code == 200 and missing.json()["code"] == 421
    async with httpx.AsyncClient(base_url=park.url) as client:
        bearer = await client.post(park.path("t_aqfxfxdy"), json=seal([unit], PARK_KEY),
                                   headers={"Authorization": "Bearer abc"})
    assert bearer.status_code == 200 and bearer.json()["code"] == 421
    wrong = await post(park, "t_aqfxfxdy", [unit], auth=(PARK_LOGIN[0], "wrong"))
    assert wrong.status_code == 401 and wrong.json()["code"] == 401
    assert park.table("t_aqfxfxdy") == {}


async def test_a_body_another_key_made_is_501_undecryptable(park):
    answer = await post(park, "t_aqfxfxdy", [park_chain()["t_aqfxfxdy"]], key="another16charKey")
    assert answer.status_code == 500 and answer.json() == {"code": 501, "msg": "数据体解密失败", "data": None}


async def test_a_photo_over_the_64k_column_fails_the_insert(park):
    chain = park_chain()
    await send_chain(park, chain, PARK_ORDER.index("t_yhzlxx"))
    big = PNG + b"\0" * 60_000  # valid to the 5 MB rule, too long for the column once encoded
    hazard = {**chain["t_yhzlxx"], "attachments1": "data:image/png;base64," + base64.b64encode(big).decode()}
    answer = await post(park, "t_yhzlxx", [hazard])
    assert answer.status_code == 500 and answer.json()["code"] == 500
    assert park.table("t_yhzlxx") == {}


async def test_listing_shows_the_callers_records_once_per_three_minutes(park, clock):
    chain = park_chain()
    await send_chain(park, chain, 1)
    async with httpx.AsyncClient(base_url=park.url) as client:
        first = await client.get(park.path("t_aqfxfxdy"), auth=PARK_LOGIN)
        too_soon = await client.get(park.path("t_aqfxfxdy") + "/page", auth=PARK_LOGIN)
        clock.advance(timedelta(minutes=3))
        paged = await client.get(park.path("t_aqfxfxdy") + "/page", params={"pageNum": 1, "pageSize": 10},
                                 auth=PARK_LOGIN)
    assert first.status_code == 200
    assert first.json()["data"] == [{**chain["t_aqfxfxdy"], "createBy": PARK_LOGIN[0], "updateBy": PARK_LOGIN[0]}]
    assert too_soon.status_code == 429 and too_soon.json()["code"] == 429
    assert too_soon.headers["Retry-After"] == "180"
    assert paged.json()["data"]["total"] == 1 and paged.json()["data"]["list"][0]["id"] == chain["t_aqfxfxdy"]["id"]


async def test_the_query_limit_is_configurable(park, clock):
    park.query_interval_s = 10
    async with httpx.AsyncClient(base_url=park.url) as client:
        assert (await client.get(park.path("t_aqfxsj"), auth=PARK_LOGIN)).status_code == 200
        clock.advance(timedelta(seconds=10))
        assert (await client.get(park.path("t_aqfxsj"), auth=PARK_LOGIN)).status_code == 200


async def test_faults_on_request(park):
    unit = park_chain()["t_aqfxfxdy"]
    park.fail_next("http_503", "http_429", "code_421", "code_429")
    assert (await post(park, "t_aqfxfxdy", [unit])).status_code == 503
    limited = await post(park, "t_aqfxfxdy", [unit])
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    expired = await post(park, "t_aqfxfxdy", [unit])
    assert expired.status_code == 200 and expired.json()["code"] == 421
    busy = await post(park, "t_aqfxfxdy", [unit])
    assert busy.status_code == 200 and busy.json()["code"] == 429
    assert park.table("t_aqfxfxdy") == {}
    assert (await post(park, "t_aqfxfxdy", [unit])).json()["code"] == 200


async def test_a_hang_outlasts_the_senders_timeout(park):
    park.fail_next("hang")
    with pytest.raises(httpx.ReadTimeout):
        await post(park, "t_aqfxfxdy", [park_chain()["t_aqfxfxdy"]], wait_s=0.5)
    park.released.set()


async def test_a_refused_id_is_named_in_the_whole_batch_refusal(park):
    units = [park_chain()["t_aqfxfxdy"] for _ in range(3)]
    park.refuse(units[2]["id"], "id 该记录已被监管端锁定")
    answer = await post(park, "t_aqfxfxdy", units)
    assert answer.status_code == 400
    assert answer.json()["data"] == [{"uuid": units[2]["id"], "msg": "id 该记录已被监管端锁定"}]


async def test_over_tls_the_test_cas_certificate_is_verified(park_tls):
    unit = park_chain()["t_aqfxfxdy"]
    assert park_tls.url.startswith("https://")
    async with httpx.AsyncClient(base_url=park_tls.url) as client:
        with pytest.raises(httpx.ConnectError):
            await client.post(park_tls.path("t_aqfxfxdy"), json=seal([unit], PARK_KEY), auth=PARK_LOGIN)
    async with httpx.AsyncClient(base_url=park_tls.url, verify=ssl.create_default_context(cafile=park_tls.ca_file)) \
            as client:
        answer = await client.post(park_tls.path("t_aqfxfxdy"), json=seal([unit], PARK_KEY), auth=PARK_LOGIN)
    assert answer.json()["code"] == 200 and unit["id"] in park_tls.table("t_aqfxfxdy")


async def test_listing_shows_only_what_the_caller_sent(park):
    park.other_logins["91330100MA2YYYYY2B"] = "另一家"
    mine, theirs = park_chain()["t_aqfxfxdy"], park_chain()["t_aqfxfxdy"]
    await post(park, "t_aqfxfxdy", [mine])
    await post(park, "t_aqfxfxdy", [theirs], auth=("91330100MA2YYYYY2B", "另一家"))
    async with httpx.AsyncClient(base_url=park.url) as client:
        listed = await client.get(park.path("t_aqfxfxdy"), auth=PARK_LOGIN)
    assert [one["id"] for one in listed.json()["data"]] == [mine["id"]]

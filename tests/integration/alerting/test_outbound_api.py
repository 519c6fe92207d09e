"""Alerts out through the enterprise's channels on the real PostgreSQL and broker, to the real local
receiving servers (they check the DingTalk 加签 and the webhook signature as the platforms do): an
OccurrenceMissed → the team leader's inbox, a signed robot message and a signed webhook, each an
attempt event; a receiver failing twice then succeeding → three attempts; always failing → a dead
letter, listed, replayed → delivered; a rebuild of the read models sends nothing."""

from __future__ import annotations

from libs.rebuild import rebuild_service
from services.alerting.app import SPEC
from tests.integration.alerting.alerting_site import EID, LEADER, H
from tests.integration.alerting.channels.receivers import DINGTALK_SECRET, DINGTALK_TOKEN, WEBHOOK_SECRET
from tests.integration.service_client import until

ADMIN = ("p-admin", "enterprise_admin")


def robot(site) -> dict:
    return {"name": "一车间群", "channel": "dingtalk", "secret": DINGTALK_SECRET,
            "url": f"{site.receivers.url}/robot/send?access_token={DINGTALK_TOKEN}"}


def hook(site) -> dict:
    return {"name": "ehs", "channel": "webhook", "url": f"{site.receivers.url}/hooks/shuangkong",
            "secret": WEBHOOK_SECRET}


async def configure(site, *targets: dict) -> dict:
    r = await site.client.put(f"/enterprises/{EID}/alert-channels", headers=site.who(*ADMIN),
                              json={"targets": list(targets)})
    assert r.status_code == 200, r.text
    return r.json()


async def attempts(site) -> list[dict]:
    return [e["data"] for e in await site.events() if e["type"].endswith(".DeliveryAttempted")]


async def deliveries(site, **params) -> list[dict]:
    r = await site.client.get(f"/enterprises/{EID}/deliveries", headers=site.who("p-officer", "safety_officer"),
                              params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_a_miss_reaches_the_inbox_a_signed_robot_and_a_signed_webhook(outbound_site):
    site = outbound_site
    shown = await configure(site, robot(site), hook(site))
    assert DINGTALK_TOKEN not in str(shown) and DINGTALK_SECRET not in str(shown) and WEBHOOK_SECRET not in str(shown)
    assert [t["secret_set"] for t in shown["targets"]] == [True, True]
    await site.missed("occ-n1")
    [item] = await until(lambda: _told(site))
    got = await until(lambda: _two_ok(site))
    ding, hooked = site.receivers.of("dingtalk"), site.receivers.of("webhook")
    assert len(ding) == 1 and ding[0].verified, "the robot checked the 加签"
    assert len(hooked) == 1 and hooked[0].verified, "the receiver checked the webhook signature"
    by_channel = {a["channel"]: a for a in got}
    assert by_channel["webhook"]["digest"] == hooked[0].digest and by_channel["dingtalk"]["digest"] == ding[0].digest
    assert sorted((a["recipient"], a["attempt"]) for a in got) == [("group:一车间群", 1), ("webhook:ehs", 1)]
    logged = str(await site.events())
    assert DINGTALK_TOKEN not in logged and DINGTALK_SECRET not in logged and WEBHOOK_SECRET not in logged
    rows = await deliveries(site, state="delivered")
    assert {(r["channel"], r["alert_id"], r["level"]) for r in rows} == {("dingtalk", item["id"], "team"),
                                                                         ("webhook", item["id"], "team")}

    # Rebuilding the read models sends nothing and appends nothing.
    calls, events = len(site.receivers.received), len(await site.events())
    await rebuild_service(SPEC, site.settings, show_progress=False)
    assert len(site.receivers.received) == calls and len(await site.events()) == events
    assert {(r["channel"], r["state"]) for r in await deliveries(site)} == {("dingtalk", "delivered"),
                                                                            ("webhook", "delivered")}


async def _told(site):
    return (await site.inbox(LEADER, "team_leader"))["items"]


async def _two_ok(site):
    got = await attempts(site)
    return got if len(got) == 2 and all(a["outcome"] == "ok" for a in got) else None


async def test_a_receiver_failing_twice_then_answering_gives_three_attempts(outbound_site):
    site = outbound_site
    await configure(site, hook(site))
    site.receivers.fail_next("http_503", "http_503")
    await site.missed("occ-n2")
    await until(lambda: _count(site, 1))
    site.clock.advance(2 * H)
    await until(lambda: _count(site, 2))
    site.clock.advance(2 * H)
    got = await until(lambda: _count(site, 3))
    assert [(a["attempt"], a["outcome"], a["code"]) for a in got] == [
        (1, "transient", "http_503"), (2, "transient", "http_503"), (3, "ok", "http_204")]
    assert got[0]["retry_at"] is not None and got[2]["retry_at"] is None
    assert len(site.receivers.of("webhook")) == 3
    assert len({r.headers["x-shuangkong-delivery"] for r in site.receivers.of("webhook")}) == 1, "one delivery id"


async def _count(site, n: int):
    got = await attempts(site)
    return got if len(got) == n else None


async def test_always_failing_is_dead_lettered_listed_and_a_replay_delivers(outbound_site):
    site = outbound_site
    await configure(site, hook(site))
    site.receivers.fail_next("http_503", "http_503", "http_503")
    await site.missed("occ-n3")
    await until(lambda: _count(site, 1))
    for n in (2, 3):
        site.clock.advance(2 * H)
        await until(lambda n=n: _count(site, n))
    [dead] = await until(lambda: deliveries(site, state="dead"))
    assert dead["attempts"] == 3 and "3 次" in dead["dead_reason"]
    officer = site.who("p-officer", "safety_officer")
    refused = await site.client.post(f"/enterprises/{EID}/deliveries/{dead['id']}/replay",
                                     headers=site.who(LEADER, "team_leader"))
    assert refused.status_code == 403
    missing = await site.client.post(f"/enterprises/{EID}/deliveries/nope/replay", headers=officer)
    assert missing.status_code == 404 and "消息" in missing.text
    r = await site.client.post(f"/enterprises/{EID}/deliveries/{dead['id']}/replay", headers=officer)
    assert r.status_code == 200, r.text
    again = await site.client.post(f"/enterprises/{EID}/deliveries/{dead['id']}/replay", headers=officer)
    assert again.status_code in (200, 409)  # 409 while it is still on its way
    got = await until(lambda: _count(site, 4))
    assert (got[3]["attempt"], got[3]["outcome"]) == (4, "ok")
    [done] = await until(lambda: deliveries(site, state="delivered"))
    assert done["id"] == dead["id"] and await deliveries(site, state="dead") == []
    kinds = [e["type"].rsplit(".", 1)[1] for e in await site.events() if e["stream_id"].startswith("dispatch-")]
    assert kinds == ["DeliveryDue", "DeliveryAttempted", "DeliveryAttempted", "DeliveryAttempted",
                     "DeliveryDeadLettered", "DeliveryReplayed", "DeliveryAttempted"]


async def test_bad_channel_settings_are_refused_naming_the_field(outbound_site):
    site = outbound_site
    r = await site.client.put(f"/enterprises/{EID}/alert-channels", headers=site.who(*ADMIN),
                              json={"targets": [{"name": "ehs", "channel": "webhook", "url": "ftp://x"}]})
    assert r.status_code == 422 and "url" in r.text
    r = await site.client.put(f"/enterprises/{EID}/alert-channels", headers=site.who(*ADMIN),
                              json={"targets": [{"name": "ehs", "channel": "webhook", "url": "https://x.cn/h"}]})
    assert r.status_code == 422 and "secret" in r.text and "密钥" in r.text
    r = await site.client.put(f"/enterprises/{EID}/alert-channels", headers=site.who(LEADER, "team_leader"),
                              json={"targets": []})
    assert r.status_code == 403
    assert [e for e in await site.events() if e["type"].endswith("ChannelsConfigured")] == []

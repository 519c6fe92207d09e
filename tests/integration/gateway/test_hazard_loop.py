"""End to end through the gateway, every service running: a check record with an abnormal item
becomes a hazard (inspection's HazardFound, hazard's reactor, over the broker) that is graded,
rectified, rejected once, accepted and closed — each step answered by the hazard service through
the gateway, told in Chinese in its history, and on the audit trail in order."""

from __future__ import annotations

import asyncio

import httpx

from tests.integration.service_client import token
from tests.whole_system import System, seed

PNG = b"\x89PNG\r\n\x1a\n" + bytes(80)
STEPS = ["HazardReported", "HazardGraded", "RectificationStarted", "RectificationSubmitted", "AcceptanceRejected",
         "RectificationSubmitted", "HazardAccepted"]


async def test_a_check_records_finding_goes_round_the_loop_and_the_audit_trail_shows_each_step(system: System):
    async with httpx.AsyncClient(base_url=system.gateway, timeout=30) as client:
        await seed(client, system)
        ids, s = system.ids, system.settings
        eid, hazard_id = ids["enterprise"], ids["hazard"]
        officer = token(s, eid, "safety_officer", person="officer-2")  # not the record's reporter (seeder)
        worker = token(s, eid, "worker", person=ids["person"])
        base = f"/hazard/enterprises/{eid}/hazards/{hazard_id}"

        async def step(path: str, who: dict, body: dict | None = None, status: int = 200) -> dict:
            r = await client.post(base + path, headers=who, json=body or {})
            assert r.status_code == status, (path, r.text)
            return r.json()

        found = (await client.get(base, headers=officer)).json()
        assert (found["origin"], found["record_id"], found["occurrence_id"], found["step"]) == (
            "check_record", ids["record"], ids["occurrence"], "reported")
        await step("/grade", officer, {"level": 0, "hazard_type": 4, "manage_type": 1, "deadline": "2099-12-31",
                                       "liable_person_id": ids["person"], "department_id": ids["dept"]})
        await step("/start", worker)
        up = await client.post(f"/hazard/enterprises/{eid}/photos", headers=worker,
                               files={"file": ("整改后.png", PNG, "image/png")})
        assert up.status_code == 201, up.text
        evidence = {"after_photo_ids": [up.json()["photo_id"]], "measures_taken": "恢复联锁投用并挂牌",
                    "cause": "检修后未恢复"}
        await step("/submit", worker, evidence)
        assert (await step("/accept", worker, {}, 403))["message"].startswith("需要以下角色之一")
        rectifier_as_officer = token(s, eid, "worker", "safety_officer", person=ids["person"])
        assert (await step("/accept", rectifier_as_officer, {}, 403))["message"] == "验收人不能是该隐患的整改人"
        await step("/reject", officer, {"reason": "未附联锁测试记录"})
        await step("/submit", worker, evidence)
        closed = await step("/accept", officer, {"comment": "联锁测试合格"})
        assert (closed["step"], closed["danger_state"], closed["accepted_by"]) == ("closed", 9, "officer-2")

        history = (await client.get(base + "/history", headers=officer)).json()
        assert [h["type"] for h in history] == STEPS
        assert history[4]["description"] == "验收驳回，退回整改：未附联锁测试记录"

        for _ in range(300):  # the audit trail follows the hazard topic over the broker
            r = await client.get(f"/audit/enterprises/{eid}/entries", headers=officer,
                                 params={"subject": f"hazard-{hazard_id}", "limit": 50})
            trail = r.json()["items"] if r.status_code == 200 else []
            if len(trail) >= len(STEPS):
                break
            await asyncio.sleep(0.1)
        assert [e["event_type"].rsplit(".", 1)[-1] for e in sorted(trail, key=lambda e: e["chain_seq"])] == STEPS

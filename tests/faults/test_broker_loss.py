"""Kill the broker under `make run`: the supervisor starts a new, empty one, topics are
re-created, relays re-publish from their stores, consumers resume, and the audit trail
converges with no duplicates and no gaps."""

from __future__ import annotations

import signal
import time

import httpx
import psutil

from libs.auth import issue_token
from libs.config import Settings
from tests.e2e.runner import start, wait_ready


def bearer(**claims) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(Settings(), **claims)}


def wait_trail(gateway: str, eid: str, headers: dict, n: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            r = httpx.get(f"{gateway}/audit/enterprises/{eid}/entries", headers=headers, params={"limit": 500})
            if r.status_code == 200 and r.json()["total"] >= n:
                return r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"audit trail never reached {n} entries")


def post_while_restarting(url: str, headers: dict, body: dict, seconds: float = 60) -> httpx.Response:
    """While the supervisor restarts the services, the gateway answers 503: a client retries."""
    deadline = time.monotonic() + seconds
    while True:
        r = httpx.post(url, headers=headers, json=body, timeout=30)
        if r.status_code != 503 or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


def test_supervisor_recovers_from_broker_loss(run_dir, run_ports):
    proc = start(run_dir, run_ports)
    try:
        wait_ready(proc)
        gateway = f"http://127.0.0.1:{run_ports['gateway']}"
        admin = bearer(person_id="op", enterprise_id=None, roles=["platform_admin"])
        eid = httpx.post(f"{gateway}/risk_registry/enterprises", headers=admin, json={
            "name": "断网测试公司", "credit_code": "91350100M000100Y43", "industry": "工贸"}).json()["id"]
        officer = bearer(person_id="o", enterprise_id=eid, roles=["safety_officer"])
        for i in range(5):
            r = httpx.post(f"{gateway}/risk_registry/enterprises/{eid}/org-units", headers=officer,
                           json={"kind": "department", "name": f"部门{i}"})
            assert r.status_code == 201
        wait_trail(gateway, eid, officer, 6)

        broker = next(p for p in psutil.Process(proc.pid).children(recursive=True) if p.name() == "tansu")
        broker.send_signal(signal.SIGKILL)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # the supervisor brings up a new broker and the services
            try:
                if httpx.get(f"{gateway}/readyz", timeout=2).status_code == 200 and any(
                        p.name() == "tansu" and p.pid != broker.pid
                        for p in psutil.Process(proc.pid).children(recursive=True)):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        for i in range(3):
            r = post_while_restarting(f"{gateway}/risk_registry/enterprises/{eid}/org-units", officer,
                                      {"kind": "department", "name": f"新部门{i}"})
            assert r.status_code == 201, r.text

        trail = wait_trail(gateway, eid, officer, 9)
        time.sleep(1.0)  # re-published events would show up as duplicates now
        # Read again as a client would: a service the supervisor is still restarting answers 503.
        trail = wait_trail(gateway, eid, officer, 9)
        assert trail["total"] == 9
        assert len({e["event_id"] for e in trail["items"]}) == 9
        verdict = httpx.get(f"{gateway}/audit/enterprises/{eid}/verify", headers=officer).json()
        assert verdict["ok"] and verdict["entries"] == 9
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)

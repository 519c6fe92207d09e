"""`make run` against an external PostgreSQL and Kafka-protocol broker (here: the test session's
own servers, reached only through SK_DATABASE_URL and SK_KAFKA_BOOTSTRAP): no embedded server is
started, the services create their schemas there, and the demo plant is loaded once."""

from __future__ import annotations

import signal

import httpx
import psutil

from libs.auth import issue_token
from libs.config import Settings
from tests.e2e.runner import start, wait_ready


async def test_run_uses_the_external_database_and_broker(runtime, database_url, topic_prefix, run_dir, run_ports):
    proc = start(run_dir, run_ports, SK_DATABASE_URL=database_url, SK_KAFKA_BOOTSTRAP=runtime.bootstrap,
                 SK_TOPIC_PREFIX=topic_prefix)
    try:
        banner = wait_ready(proc, timeout=180)
        names = {p.name() for p in psutil.Process(proc.pid).children(recursive=True)}
        assert "tansu" not in names and "postgres" not in names, "nothing embedded was started"
        assert "PostgreSQL (embedded)" not in banner
        gateway = f"http://127.0.0.1:{run_ports['gateway']}"
        admin = {"Authorization": "Bearer " + issue_token(Settings(), person_id="op", enterprise_id=None,
                                                          roles=["platform_admin"])}
        async with httpx.AsyncClient(base_url=gateway, timeout=30) as api:
            enterprises = (await api.get("/risk_registry/enterprises", headers=admin)).json()
            assert enterprises["total"] == 1, "the demo plant"
            eid = enterprises["items"][0]["id"]
            officer = {"Authorization": "Bearer " + issue_token(Settings(), person_id="o", enterprise_id=eid,
                                                                roles=["safety_officer"])}
            lists = (await api.get(f"/risk_registry/enterprises/{eid}/lists/risks", headers=officer)).json()
            assert lists["total"] >= 30
            measures = (await api.get(f"/risk_registry/enterprises/{eid}/lists/control-measures",
                                      headers=officer)).json()
            assert measures["total"] >= 80
            svg = (await api.get(f"/risk_registry/enterprises/{eid}/map.svg", headers=officer)).text
            assert svg.count("<polygon") >= 5
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    # Started again on the same database: the demo plant is there once, not twice.
    proc = start(run_dir, run_ports, SK_DATABASE_URL=database_url, SK_KAFKA_BOOTSTRAP=runtime.bootstrap,
                 SK_TOPIC_PREFIX=topic_prefix)
    try:
        wait_ready(proc, timeout=180)
        async with httpx.AsyncClient(base_url=gateway, timeout=30) as api:
            assert (await api.get("/risk_registry/enterprises", headers=admin)).json()["total"] == 1
            lists = (await api.get(f"/risk_registry/enterprises/{eid}/lists/risks", headers=officer)).json()
            assert lists["total"] >= 30
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)

"""`shuangkong run` (what `make run` starts) as a user meets it: through the gateway with tokens,
ready only when everything is, each service on PostgreSQL as its own role, data kept across a
restart, nothing left behind after `kill -9`."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import psutil

from libs.auth import issue_token
from libs.config import Settings
from shuangkong.catalog import catalog
from tests.e2e.runner import descendants, start, wait_ready


def test_run_serves_the_gateway_keeps_data_and_leaves_nothing_behind(run_dir, run_ports):
    proc = start(run_dir, run_ports)
    try:
        banner = wait_ready(proc)
        assert "Dev token" in banner
        if os.geteuid() == 0:  # a test's cluster is throwaway: pruned should the test be killed
            assert (Path(os.path.realpath(run_dir / "pg")).parent / "throwaway").exists()
        gateway = f"http://127.0.0.1:{run_ports['gateway']}"
        assert httpx.get(f"{gateway}/readyz").status_code == 200
        admin = {"Authorization": "Bearer " + issue_token(Settings(), person_id="op", enterprise_id=None,
                                                          roles=["platform_admin"])}
        r = httpx.post(f"{gateway}/risk_registry/enterprises", headers=admin,
                       json={"name": "端到端化工", "credit_code": "91350100M000100Y43", "industry": "工贸"})
        assert r.status_code == 201, r.text
        eid = r.json()["id"]
        officer = {"Authorization": "Bearer " + issue_token(Settings(), person_id="o", enterprise_id=eid,
                                                            roles=["safety_officer"])}
        for _ in range(100):
            trail = httpx.get(f"{gateway}/audit/enterprises/{eid}/entries", headers=officer).json()
            if trail["total"] == 1:
                break
            time.sleep(0.1)
        assert trail["items"][0]["event_type"].endswith("EnterpriseRegistered")
        assert httpx.get(f"{gateway}/audit/enterprises/{eid}/entries").status_code == 401

        # Each process has its metrics on a port of its own, beside its API port, which serves none.
        order = catalog().deployables  # the services in the catalog's order, then the gateway
        for i, name in enumerate(order):
            port = run_ports["metrics"] + i
            assert f"{name} :{port}" in banner, banner
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics")
            assert metrics.status_code == 200 and "python_info" in metrics.text, name
        registry_metrics = run_ports["metrics"] + order.index("risk_registry")
        assert "sk_command_seconds_count" in httpx.get(f"http://127.0.0.1:{registry_metrics}/metrics").text
        for api in (gateway, f"http://127.0.0.1:{run_ports['services']}"):
            assert httpx.get(f"{api}/metrics").status_code == 404
        assert_services_run_as_their_own_roles(proc, run_dir, run_ports["pg"])

        # SIGTERM stops everything cleanly.
        children = descendants(proc)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        assert not [pid for pid in children if psutil.pid_exists(pid)
                    and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]

        # Data survives a restart; after kill -9 of the runner nothing is left either.
        proc = start(run_dir, run_ports)
        wait_ready(proc)
        assert httpx.get(f"{gateway}/risk_registry/enterprises/{eid}", headers=officer).json()["name"] == "端到端化工"
        for _ in range(100):  # the new broker is empty: the relay re-published, the inbox dropped repeats
            trail = httpx.get(f"{gateway}/audit/enterprises/{eid}/entries", headers=officer).json()
            if trail["total"] >= 1:
                break
            time.sleep(0.1)
        assert trail["total"] == 1
        children = descendants(proc)
        proc.kill()
        proc.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(psutil.pid_exists(p) for p in children):
            time.sleep(0.1)
        assert not [pid for pid in children if psutil.pid_exists(pid)
                    and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    finally:
        if proc.poll() is None:
            proc.kill()


def assert_services_run_as_their_own_roles(proc, run_dir: Path, pg_port: int) -> None:
    """What PostgreSQL sees connected is each service as its own role (docs/decisions.md §32); the
    owner's credentials are in no service's environment; the secrets are the user's alone."""
    services = catalog().names
    secrets = run_dir / "secrets"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in secrets.iterdir())
    password = (secrets / "postgres.password").read_text().strip()

    async def connected() -> set[tuple[str, str]]:
        conn = await asyncpg.connect(f"postgresql://postgres:{password}@127.0.0.1:{pg_port}/shuangkong")
        try:
            return {(r["application_name"], r["usename"]) for r in await conn.fetch(
                "SELECT application_name, usename FROM pg_stat_activity WHERE datname = 'shuangkong' "
                "AND application_name LIKE 'shuangkong-%'")}
        finally:
            await conn.close()

    assert asyncio.run(connected()) == {(f"shuangkong-{s}", f"sk_{s}") for s in services}
    for child in psutil.Process(proc.pid).children():
        args = child.cmdline()
        if "serve" not in args:
            continue
        name, env = args[args.index("serve") + 1], child.environ()
        assert "SK_MIGRATION_DATABASE_URL" not in env, name
        if name in services:
            assert urlsplit(env["SK_DATABASE_URL"]).username == f"sk_{name}"
        else:
            assert "SK_DATABASE_URL" not in env, f"{name} needs no database"

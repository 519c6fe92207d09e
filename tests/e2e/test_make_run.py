"""`shuangkong run` (what `make run` starts) as a user meets it: through the gateway with tokens,
ready only when everything is, data kept across a restart, nothing left behind after `kill -9`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
import pytest

from libs.auth import issue_token
from libs.config import Settings
from libs.runtime.process import free_port

ROOT = Path(__file__).resolve().parents[2]


def start(run_dir: Path, ports: dict[str, int]) -> subprocess.Popen:
    env = {**os.environ, "SK_RUN_DIR": str(run_dir), "SK_GATEWAY_PORT": str(ports["gateway"]),
           "SK_SERVICE_BASE_PORT": str(ports["services"]), "SK_EMBEDDED_PG_PORT": str(ports["pg"]),
           "SK_EMBEDDED_KAFKA_PORT": str(ports["kafka"])}
    env.pop("SK_DATABASE_URL", None)
    env.pop("SK_KAFKA_BOOTSTRAP", None)
    return subprocess.Popen([sys.executable, "-m", "libs.cli", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_ready(proc: subprocess.Popen, timeout: float = 90.0) -> str:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        lines.append(line)
        if "Ctrl-C stops everything" in line:
            return "".join(lines)
    raise AssertionError("never ready:\n" + "".join(lines))


def descendants(proc: subprocess.Popen) -> list[int]:
    return [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]


@pytest.fixture
def ports():
    base = free_port()
    return {"gateway": free_port(), "services": base, "pg": free_port(), "kafka": free_port()}


@pytest.fixture
def run_dir():
    # Not pytest's tmp_path: its 0700 parents are closed to the embedded server's own user.
    base = Path(tempfile.mkdtemp(prefix="sk-run-"))
    os.chmod(base, 0o755)
    yield base / "run"
    shutil.rmtree(base, ignore_errors=True)


def test_run_serves_the_gateway_keeps_data_and_leaves_nothing_behind(run_dir, ports):
    proc = start(run_dir, ports)
    try:
        banner = wait_ready(proc)
        assert "Dev token" in banner
        gateway = f"http://127.0.0.1:{ports['gateway']}"
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

        # SIGTERM stops everything cleanly.
        children = descendants(proc)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        assert not [pid for pid in children if psutil.pid_exists(pid)
                    and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]

        # Data survives a restart; after kill -9 of the runner nothing is left either.
        proc = start(run_dir, ports)
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

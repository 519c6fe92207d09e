"""Outside dev mode a service, and the gateway, refuse to start, as real processes
(`python -m shuangkong serve NAME`): no signing key, one shorter than 32 bytes, the dev key, an
identity provider whose keys come over plain http. They exit with status 1 and one message for
the operator, before they listen, instead of serving 503s. With a sound key the same service
starts, and its tokens' lifetime limit holds through it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import jwt
import pytest

from libs.auth import ISSUER, issue_token
from libs.config import DEV_JWT_KEY, Settings
from libs.runtime.process import free_port
from libs.runtime.service_process import ROOT, ServiceProcess, service_env

KEY = "0123456789abcdef" * 4  # `openssl rand -hex 32`: 64 bytes
PROVIDER = ('[{"issuer": "https://idp.example", "jwks_url": "http://idp.example/jwks", "audience": "sk", '
            '"enterprise_id": "ent-1"}]')


def started(service: str, **env: str) -> subprocess.Popen:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SK_")}
    return subprocess.Popen([sys.executable, "-m", "shuangkong", "serve", service, "--port", str(free_port())],
                            cwd=ROOT, env=base | {"SK_DEV_MODE": "false"} | env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


CASES = {
    "no key": ({"SK_JWT_KEY": ""}, "SK_JWT_KEY is required when SK_DEV_MODE is false"),
    "a short key": ({"SK_JWT_KEY": "k" * 31}, "SK_JWT_KEY is 31 bytes; at least 32 are required"),
    "the dev key": ({"SK_JWT_KEY": DEV_JWT_KEY}, "the dev key is refused outside dev mode"),
    "keys over http": ({"SK_JWT_KEY": KEY, "SK_OIDC_PROVIDERS": PROVIDER}, "must be https"),
}


@pytest.mark.parametrize("service", ["risk_registry", "gateway"])
def test_outside_dev_mode_an_unsafe_key_stops_the_process_at_start(service):
    processes = {what: started(service, **env) for what, (env, _) in CASES.items()}  # side by side: ~2 s each
    wrong = []
    for what, proc in processes.items():
        out, err = proc.communicate(timeout=60)
        expected = CASES[what][1]
        if proc.returncode != 1 or f"{service}: refusing to start" not in err or expected not in err:
            wrong.append(f"[{what}] status {proc.returncode}: {err[-600:]}")
        elif "Traceback" in err or "Uvicorn running" in err + out:
            wrong.append(f"[{what}] not a clean refusal before serving: {err[-600:]}")
    assert wrong == []


def forged(lifetime_s: int) -> dict[str, str]:
    now = int(time.time())
    token = jwt.encode({"iss": ISSUER, "sub": "op", "typ": "access", "roles": ["platform_admin"], "iat": now,
                        "exp": now + lifetime_s}, KEY, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def test_with_a_sound_key_the_service_starts_and_bounds_token_lifetimes(runtime, database_url, topic_prefix, tmp_path):
    env = service_env(database_url, runtime.bootstrap, topic_prefix, SK_DEV_MODE="false", SK_JWT_KEY=KEY)
    service = ServiceProcess("risk_registry", env, tmp_path / "risk_registry.log").start()
    try:
        own = issue_token(Settings(_env_file=None, dev_mode=False, jwt_key=KEY), person_id="op",
                          enterprise_id=None, roles=["platform_admin"])
        ok = httpx.get(f"{service.url}/enterprises", headers={"Authorization": f"Bearer {own}"})
        minutes = httpx.get(f"{service.url}/enterprises", headers=forged(15 * 60))
        century = httpx.get(f"{service.url}/enterprises", headers=forged(100 * 365 * 86400))
        hours = httpx.get(f"{service.url}/enterprises", headers=forged(12 * 3600))  # dev mode's day: not here
    finally:
        service.stop()
    assert (ok.status_code, minutes.status_code) == (200, 200), ok.text
    assert century.status_code == hours.status_code == 401
    assert century.json()["message"] == hours.json()["message"] == "令牌有效期超出允许范围"

"""A fresh clone on a fresh machine, as the README has a newcomer do it: `git clone` into a
private directory (`mktemp -d` is 0700, as is /root or a home), then `make run`. Nothing is asked
of the user (no chmod), and the clone's directories keep their modes. Run as root it proves
root's case (PostgreSQL runs as its own unprivileged user); `test_as_an_ordinary_user` proves the
other one with a throwaway account. Stopped as `setsid make run &` is stopped, by SIGINT to its
process group: nothing is left running.

It installs the clone's own .venv (uv's cache keeps that to tens of seconds).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psutil
import pytest

from libs.auth import Role, issue_token
from libs.config import Settings
from libs.runtime.postgres import discard
from tests.e2e.runner import ROOT, as_background_job, gone_within, port_env, wait_ready

INSTALL_AND_START = 600.0  # seconds: a cold .venv (pip, uv, every wheel) and the first initdb


def _clone(into: Path) -> Path:
    clone = into / "shuangkong"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    return clone


def _clean_env(ports: dict[str, int], **extra: str) -> dict[str, str]:
    """The test's environment without its own virtualenv or SK_* settings: what a new shell has."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SK_") and k != "VIRTUAL_ENV"}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(str(ROOT)))
    return {**env, **port_env(ports), **extra}


def _processes_under(*paths: Path) -> list[psutil.Process]:
    """Every live process whose command line or working directory is inside one of `paths`."""
    prefixes = tuple(str(p) for p in paths)
    found = []
    for p in psutil.process_iter():
        try:
            if p.status() == psutil.STATUS_ZOMBIE:
                continue
            if any(prefix in part for part in p.cmdline() for prefix in prefixes) or \
                    p.cwd().startswith(prefixes):
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return found


def _make_run_then_stop(clone: Path, ports: dict[str, int], env: dict[str, str], **popen) -> dict[str, float]:
    """`make run` in the clone until the gateway answers a token; SIGINT to its group; nothing left."""
    timings = {}
    t0 = time.monotonic()
    proc = subprocess.Popen(["make", "run"], cwd=clone, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **as_background_job(), **popen)
    try:
        wait_ready(proc, timeout=INSTALL_AND_START)
        timings["make run → ready"] = time.monotonic() - t0
        gateway = f"http://127.0.0.1:{ports['gateway']}"
        assert httpx.get(f"{gateway}/readyz", timeout=10).status_code == 200
        admin = {"Authorization": "Bearer " + issue_token(Settings(), person_id="op", enterprise_id=None,
                                                          roles=[Role.PLATFORM_ADMIN])}
        enterprises = httpx.get(f"{gateway}/risk_registry/enterprises", headers=admin, timeout=30)
        assert enterprises.status_code == 200, enterprises.text
        assert enterprises.json()["total"] == 1, "the demo plant"
        assert httpx.get(f"{gateway}/risk_registry/enterprises", timeout=10).status_code == 401

        family = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
        data = Path(os.path.realpath(clone / ".run" / "pg"))
        t1 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        output = proc.communicate(timeout=60)[0]
        assert not gone_within(family, 30), "children of make run survived SIGINT"
        assert not _processes_under(clone, data), "a process of the clone is still running"
        timings["SIGINT → all stopped"] = time.monotonic() - t1
        assert "restarting" not in output, output
        return timings
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_make_run_from_a_fresh_clone_in_a_private_directory(run_ports):
    private = Path(tempfile.mkdtemp(prefix="sk-clone-"))
    assert _mode(private) == 0o700
    ports = run_ports
    clone = None
    try:
        t0 = time.monotonic()
        clone = _clone(private)
        timings = _make_run_then_stop(clone, ports, _clean_env(ports))
        timings["total"] = time.monotonic() - t0
        print("fresh clone:", ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
        assert _mode(private) == 0o700, "the user's directory was loosened"
    finally:
        if clone is not None:
            discard(clone / ".run" / "pg")
        shutil.rmtree(private, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a throwaway user needs root; run as an ordinary "
                    "user, test_make_run_from_a_fresh_clone_in_a_private_directory is this case")
@pytest.mark.skipif(not shutil.which("useradd") or not os.access("/usr/bin/python3", os.X_OK),
                    reason="needs useradd and a system python3 an ordinary user can run")
def test_as_an_ordinary_user(run_ports):
    """A new account with a private (0700) home clones and runs, with its own cold uv cache."""
    user = f"sk-e2e-{uuid.uuid4().hex[:6]}"
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
    try:
        entry = pwd.getpwnam(user)
        home = Path(entry.pw_dir)
        os.chmod(home, 0o700)
        clone = _clone(home)
        subprocess.run(["chown", "-R", f"{user}:{user}", str(clone)], check=True)
        ports = run_ports
        env = _clean_env(ports, HOME=str(home), USER=user, LOGNAME=user, PYTHON="/usr/bin/python3")
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin"  # root's own tools (pyenv, cargo) are not theirs
        for k in [k for k in env if k.startswith(("PYENV", "CARGO", "RUSTUP", "XDG_"))]:
            del env[k]
        t0 = time.monotonic()
        timings = _make_run_then_stop(clone, ports, env, user=entry.pw_uid, group=entry.pw_gid,
                                      extra_groups=[])
        print("ordinary user:", ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()),
              f"total {time.monotonic() - t0:.1f}s")
        assert _mode(home) == 0o700
        server = [p for p in psutil.process_iter(["username"]) if p.info["username"] == user]
        assert not server, "nothing of the user's is left running"
        assert not (clone / ".run" / "pg").is_symlink(), "an ordinary user's cluster stays in the clone"
    finally:
        subprocess.run(["userdel", "--remove", user], capture_output=True)

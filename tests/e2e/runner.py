"""Start `shuangkong run` (what `make run` runs) as a user would, on ports and a run directory
of the test's own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


def port_env(ports: dict[str, int]) -> dict[str, str]:
    """The ports of a test's own run, and its cluster marked throwaway: as root a later start
    prunes it should the test be killed before it discards it."""
    return {"SK_GATEWAY_PORT": str(ports["gateway"]), "SK_SERVICE_BASE_PORT": str(ports["services"]),
            "SK_METRICS_BASE_PORT": str(ports["metrics"]),
            "SK_EMBEDDED_PG_PORT": str(ports["pg"]), "SK_EMBEDDED_KAFKA_PORT": str(ports["kafka"]),
            "SK_EMBEDDED_PG_THROWAWAY": "true"}


def run_env(ports: dict[str, int], **extra: str) -> dict[str, str]:
    env = {**os.environ, **port_env(ports)}
    env.pop("SK_DATABASE_URL", None)
    env.pop("SK_KAFKA_BOOTSTRAP", None)
    env.update(extra)
    return env


def start(run_dir: Path, ports: dict[str, int], *, background_job: bool = False, nohup: bool = False,
          **external: str) -> subprocess.Popen:
    """`external` may name SK_DATABASE_URL / SK_KAFKA_BOOTSTRAP; otherwise the embedded runtime.
    `background_job`: as `setsid shuangkong run &` from a script starts it (see `as_background_job`);
    `nohup`: also with SIGHUP ignored."""
    return subprocess.Popen([sys.executable, "-m", "shuangkong", "run"], cwd=ROOT,
                            env=run_env(ports, SK_RUN_DIR=str(run_dir), **external),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            **(as_background_job(nohup=nohup) if background_job or nohup else {}))


def as_background_job(nohup: bool = False) -> dict:
    """Popen arguments for a process started like `setsid CMD &` from a shell script: a session
    and process group of its own, SIGINT ignored (what a non-interactive shell gives `&` jobs);
    with `nohup`, SIGHUP ignored too."""
    def ignore() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Set either way: a suite itself run under nohup passes SIGHUP ignored down to every child,
        # and `shuangkong run` keeps a hangup ignored when it found it so (a CI run under nohup
        # once failed the SIGHUP case so).
        signal.signal(signal.SIGHUP, signal.SIG_IGN if nohup else signal.SIG_DFL)

    return {"start_new_session": True, "preexec_fn": ignore}


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


def gone_within(pids: list[int], seconds: float) -> list[psutil.Process]:
    """The processes among `pids` still running (not zombies) after up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for pid in pids:
            try:
                p = psutil.Process(pid)
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)

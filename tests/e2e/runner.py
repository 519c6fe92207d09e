"""Start `shuangkong run` (what `make run` runs) as a user would, on ports and a run directory
of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


def start(run_dir: Path, ports: dict[str, int], **external: str) -> subprocess.Popen:
    """`external` may name SK_DATABASE_URL / SK_KAFKA_BOOTSTRAP; otherwise the embedded runtime."""
    env = {**os.environ, "SK_RUN_DIR": str(run_dir), "SK_GATEWAY_PORT": str(ports["gateway"]),
           "SK_SERVICE_BASE_PORT": str(ports["services"]), "SK_EMBEDDED_PG_PORT": str(ports["pg"]),
           "SK_EMBEDDED_KAFKA_PORT": str(ports["kafka"])}
    env.pop("SK_DATABASE_URL", None)
    env.pop("SK_KAFKA_BOOTSTRAP", None)
    env.update(external)
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

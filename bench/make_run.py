"""Measurement 5 — `make run`, warm: seconds from starting `python -m shuangkong run` (what `make
run` runs) until it prints "Ctrl-C stops everything", on the second start of the same run
directory. The first start initialises the database and is reported too, without a target.

It starts its own embedded PostgreSQL and broker on free ports, as a user's `make run` would; a
SIGTERM stops it after each start (the time that takes is kept in the details).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.console import Step
from bench.plan import Plan
from bench.report import Measured, Row, Target
from bench.runtime import BenchRuntime
from libs.runtime.postgres import discard
from libs.runtime.process import free_port

ROOT = Path(__file__).resolve().parents[1]
READY_LINE = "Ctrl-C stops everything"
TARGET = Target("value", at_most=30.0, text="≤ 30 s")


def run_environment(run_dir: Path) -> dict[str, str]:
    env = {**os.environ, "SK_RUN_DIR": str(run_dir), "SK_GATEWAY_PORT": str(free_port()),
           "SK_SERVICE_BASE_PORT": str(free_port()), "SK_EMBEDDED_PG_PORT": str(free_port()),
           "SK_EMBEDDED_KAFKA_PORT": str(free_port()), "SK_EMBEDDED_PG_THROWAWAY": "true"}
    for external in ("SK_DATABASE_URL", "SK_KAFKA_BOOTSTRAP"):
        env.pop(external, None)
    return env


class NotReady(RuntimeError):
    pass


def _failure(output: list[str], run_dir: Path) -> str:
    """The supervisor's last lines and the last error logged by each service, shortened."""
    text = "".join(output[-6:])
    for log in sorted((run_dir / "logs").glob("*.log")):
        errors = [line for line in log.read_text(errors="replace").splitlines() if '"ERROR"' in line]
        if errors and log.name not in ("postgres.log", "broker.log"):
            text += f"{log.name}: …{errors[0][-600:]}\n"
    return text


def start_until_ready(env: dict[str, str], timeout: float = 120.0) -> tuple[float, float]:
    """(seconds until ready, seconds to stop after SIGTERM)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "shuangkong", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = []
        while True:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                raise NotReady("`shuangkong run` exited before it was ready:\n"
                               + _failure(output, Path(env["SK_RUN_DIR"])))
            output.append(line)
            if READY_LINE in line:
                ready = time.perf_counter() - started
                break
            if time.perf_counter() - started > timeout:
                raise NotReady(f"not ready in {timeout:.0f} s:\n" + _failure(output, Path(env["SK_RUN_DIR"])))
        stopping = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
        return ready, time.perf_counter() - stopping
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def measure_sync(step: Step) -> Measured:
    base = Path(tempfile.mkdtemp(prefix="sk-bench-run-"))
    try:
        env = run_environment(base / "run")
        step.say("first start (initialises the database)", total=2)
        cold, cold_stop = start_until_ready(env)
        step.advance_to(1)
        step.log(f"first start: ready in {cold:.1f} s")
        step.say("second start of the same run directory")
        warm, warm_stop = start_until_ready(env)
        step.advance_to(2)
    finally:
        discard(base / "run" / "pg")  # as root the cluster lives outside the run directory
        shutil.rmtree(base, ignore_errors=True)
    step.finish(f"done; warm start {warm:.1f} s")
    return Measured(
        rows=[Row("make run", "warm start → \"Ctrl-C stops everything\"", warm, "s", target=TARGET),
              Row("make run", "first start (initdb, migrations)", cold, "s")],
        details={"sk_environment": {k: v for k, v in os.environ.items() if k.startswith("SK_") and "KEY" not in k},
                 "first_start_s": round(cold, 2), "first_stop_s": round(cold_stop, 2),
                 "warm_start_s": round(warm, 2), "warm_stop_s": round(warm_stop, 2)},
    )


async def measure(_runtime: BenchRuntime | None, _plan: Plan, step: Step) -> Measured:
    return await asyncio.to_thread(measure_sync, step)

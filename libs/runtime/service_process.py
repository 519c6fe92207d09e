"""A service as a real child process (`python -m shuangkong serve NAME`), as the supervisor runs
it: for the fault tests, which `kill -9` it, and for the benchmark, which measures it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from libs.runtime.process import free_port, spawn

ROOT = Path(__file__).resolve().parents[2]  # the project, where `libs` imports from


@dataclass
class ServiceProcess:
    service: str
    env: dict[str, str]
    log: Path
    port: int = 0
    metrics_port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.started.pid

    @property
    def started(self) -> subprocess.Popen:
        if self.proc is None:
            raise RuntimeError(f"{self.service} was never started")
        return self.proc

    def start(self, wait: bool = True, **extra_env: str) -> ServiceProcess:
        self.port, self.metrics_port = free_port(), free_port()
        env = {**os.environ, **self.env, "SK_METRICS_PORT": str(self.metrics_port), **extra_env}
        # Dies with the test process, even if a failing test never reaches its clean-up.
        self.proc = spawn([sys.executable, "-m", "shuangkong", "serve", self.service, "--port", str(self.port)],
                          log_path=str(self.log), cwd=ROOT, env=env)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.started.poll() is not None:
                raise RuntimeError(f"{self.service} exited {self.started.returncode}; see {self.log}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"{self.service} not ready; see {self.log}")

    def kill9(self) -> None:
        self.started.send_signal(signal.SIGKILL)
        self.started.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def metric(self, name: str) -> float:
        """Sum of a Prometheus metric over its labels."""
        text = httpx.get(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5).text
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith(name) and not line.startswith("#"))


def service_env(database_url: str, bootstrap: str, topic_prefix: str, **extra: str) -> dict[str, str]:
    """One URL to migrate at start and to serve (a test's or a bench's superuser); `extra` may
    set SK_MIGRATION_DATABASE_URL apart, or to "" to only check the schemas."""
    return {"SK_DATABASE_URL": database_url, "SK_MIGRATION_DATABASE_URL": database_url,
            "SK_KAFKA_BOOTSTRAP": bootstrap, "SK_TOPIC_PREFIX": topic_prefix,
            "SK_LOG_LEVEL": "WARNING", **extra}

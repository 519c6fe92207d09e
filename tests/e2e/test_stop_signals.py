"""Stopping `shuangkong run` (what `make run` starts) by a signal to its process group, however it
was launched: here as a script's `setsid shuangkong run &` does, with SIGINT ignored. Every process
(PostgreSQL, Tansu, the services, the gateway) is gone within a bound, and nothing was restarted
on the way down."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from tests.e2e.runner import gone_within, start, wait_ready

STOPPED_WITHIN = 30.0  # seconds: the services' graceful stop, then PostgreSQL's fast shutdown


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_to_the_process_group_stops_everything_without_restarts(run_dir, run_ports, sig):
    proc = start(run_dir, run_ports, background_job=True)
    try:
        wait_ready(proc)
        family = psutil.Process(proc.pid).children(recursive=True)
        commands = [" ".join(p.cmdline()) for p in family]
        for part in ("postgres", "tansu", "serve risk_registry", "serve audit", "serve gateway"):
            assert any(part in c for c in commands), f"{part} not running: {commands}"

        asked = time.monotonic()
        os.killpg(proc.pid, sig)
        output = proc.communicate(timeout=STOPPED_WITHIN)[0]
        left = gone_within([p.pid for p in family], STOPPED_WITHIN - (time.monotonic() - asked))
        assert not left, f"still running after {sig.name}: {[' '.join(p.cmdline()) for p in left]}"
        assert proc.returncode == 0, output
        assert f"stopping ({sig.name})" in output and "stopped" in output
        assert "restarting" not in output and "starting it again" not in output, output
        for log in (run_dir / "logs").glob("*.log"):  # no child was started twice
            started = "ready to accept connections" if log.name == "postgres.log" else "Application startup complete"
            assert log.read_text(errors="replace").count(started) <= 1, log
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def test_under_nohup_a_hangup_is_ignored_and_sigterm_still_stops_everything(run_dir, run_ports):
    """`nohup make run &` asks on purpose to survive the terminal's hangup: SIGHUP stays ignored."""
    proc = start(run_dir, run_ports, nohup=True)
    try:
        wait_ready(proc)
        family = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
        os.killpg(proc.pid, signal.SIGHUP)
        time.sleep(2)
        assert proc.poll() is None and not [p for p in family if not psutil.pid_exists(p)]
        os.killpg(proc.pid, signal.SIGTERM)
        output = proc.communicate(timeout=STOPPED_WITHIN)[0]
        assert not gone_within(family, STOPPED_WITHIN)
        assert "stopping (SIGTERM)" in output and "restarting" not in output, output
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)

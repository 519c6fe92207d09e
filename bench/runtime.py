"""The embedded PostgreSQL and Tansu broker that every measurement of one bench run shares.

Started with the project's own runtime (`libs.runtime`), exactly as the test suite does, so
that every ratio compares two implementations on the same server in the same minute.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import asyncpg

from libs.runtime.broker import EmbeddedBroker
from libs.runtime.postgres import EmbeddedPostgres, discard
from libs.runtime.process import free_port


class BenchRuntime:
    def __init__(self) -> None:
        self.base_dir = Path(tempfile.mkdtemp(prefix="sk-bench-"))
        self.log_dir = Path(tempfile.mkdtemp(prefix="sk-bench-logs-"))  # kept after the run
        self.postgres = EmbeddedPostgres(self.base_dir / "pg", free_port(), throwaway=True)
        self.broker = EmbeddedBroker(free_port())

    def start(self) -> BenchRuntime:
        self.postgres.start(log_path=str(self.log_dir / "postgres.log"))
        self.broker.start(log_path=str(self.log_dir / "broker.log"))
        return self

    def stop(self) -> None:
        self.broker.stop()
        self.postgres.stop()
        discard(self.postgres.data_dir)  # as root the cluster lives outside base_dir
        shutil.rmtree(self.base_dir, ignore_errors=True)

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    @property
    def postgres_pid(self) -> int:
        return self.postgres.proc.pid

    @property
    def broker_pid(self) -> int:
        return self.broker.proc.pid

    async def create_database(self, name: str) -> str:
        """A fresh database of one measurement's own; returns its URL."""
        conn = await asyncpg.connect(self.postgres.url)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.postgres.url_for(name)

"""The embedded PostgreSQL asks everyone for a password (SCRAM), its secrets are files only their
user reads, and a cluster made by an earlier version (trust, everything the superuser's) is
converted on start — no `make clean` — as is one whose secrets were lost."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
from pathlib import Path

import asyncpg
import pytest

from libs.roles import DatabaseRoles, adopt, prepare_database
from libs.runtime import process
from libs.runtime.postgres import SUPERUSER, EmbeddedPostgres, _run_as, _server_bin, discard


async def refused_without_password(port: int, user: str) -> Exception:
    with pytest.raises((asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError)) as caught:
        await asyncpg.connect(host="127.0.0.1", port=port, user=user, database="postgres", passfile="/nonexistent")
    return caught.value


async def logs_in(pg: EmbeddedPostgres, role: str, database: str = "postgres") -> str:
    conn = await asyncpg.connect(pg.url_for(database, role))
    try:
        return await conn.fetchval("SELECT current_user")
    finally:
        await conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def test_the_secrets_are_files_only_their_user_reads(pg):
    directory = pg.secrets.directory
    assert mode(directory) == 0o700
    files = sorted(p.name for p in directory.iterdir())
    assert files == sorted(f"{r}.password" for r in [SUPERUSER, *pg.roles.all])
    assert all(mode(directory / f) == 0o600 for f in files)
    assert all(os.stat(directory / f).st_uid == os.geteuid() for f in files)


async def test_scram_is_required_of_everyone(pg, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    for role in [SUPERUSER, *pg.roles.all]:
        await refused_without_password(pg.port, role)
        with pytest.raises(asyncpg.InvalidPasswordError):
            await asyncpg.connect(f"postgresql://{role}:wrong@127.0.0.1:{pg.port}/postgres")
        assert await logs_in(pg, role) == role
    hba = (pg.server_dir / "pg_hba.conf").read_text()
    assert "trust" not in hba and "scram-sha-256" in hba


async def test_a_trust_cluster_of_an_earlier_version_is_converted_on_start(tmp_path, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    roles = DatabaseRoles(("risk_registry",), prefix="conv_")
    pg = EmbeddedPostgres(tmp_path / "run" / "pg", process.free_port(), throwaway=True, roles=roles)
    try:
        await asyncio.to_thread(_as_an_earlier_version_left_it, pg)
        assert not pg.secrets.directory.exists()

        await asyncio.to_thread(pg.start, str(tmp_path / "pg.log"))
        await refused_without_password(pg.port, SUPERUSER)
        for role in [SUPERUSER, *roles.all]:
            assert await logs_in(pg, role) == role
        admin = await asyncpg.connect(pg.url)
        try:
            await prepare_database(admin, "shuangkong", roles)
        finally:
            await admin.close()
        conn = await asyncpg.connect(pg.url_for("shuangkong"))
        try:
            assert await adopt(conn, roles.owner) >= 3  # the schema, its table, its trigger function
            owners = await conn.fetch("""SELECT pg_get_userbyid(relowner) FROM pg_class c JOIN pg_namespace n
                                         ON n.oid = c.relnamespace WHERE n.nspname = 'risk_registry'""")
            assert {r[0] for r in owners} == {roles.owner}
            assert await conn.fetchval("SELECT count(*) FROM risk_registry.events") == 1, "the data is kept"
            assert await adopt(conn, roles.owner) == 0
        finally:
            await conn.close()
        pg.stop()

        old = pg.secrets.read(SUPERUSER)
        for secret in pg.secrets.directory.iterdir():  # lost: made again at the next start
            secret.unlink()
        await asyncio.to_thread(pg.start, str(tmp_path / "pg.log"))
        assert pg.secrets.read(SUPERUSER) != old
        for role in [SUPERUSER, *roles.all]:
            assert await logs_in(pg, role) == role
    finally:
        pg.stop()
        discard(pg.data_dir)


def _as_an_earlier_version_left_it(pg: EmbeddedPostgres) -> None:
    """initdb with trust, as libs/runtime/postgres.py did before SCRAM, and a database whose
    schema the superuser made and owns."""
    data, bin_dir, run_as = pg._server_data_dir(), _server_bin(), _run_as()
    subprocess.run([bin_dir / "initdb", "--no-sync", "-D", data, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                    "--locale=C"], check=True, capture_output=True, **run_as)
    server = process.spawn([str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(pg.port),
                            "-k", str(data)], **run_as)
    try:
        process.wait_for_port(pg.port, server, timeout=30)
        pg.proc = server
        pg._wait_accepting(bin_dir)

        async def write() -> None:
            url = f"postgresql://{SUPERUSER}@127.0.0.1:{pg.port}"
            conn = await asyncpg.connect(f"{url}/postgres", passfile="/nonexistent")  # trust: no password
            await conn.execute("CREATE DATABASE shuangkong")
            await conn.close()
            conn = await asyncpg.connect(f"{url}/shuangkong", passfile="/nonexistent")
            await conn.execute("""CREATE SCHEMA risk_registry; CREATE TABLE risk_registry.events (position int);
                                  INSERT INTO risk_registry.events VALUES (1);
                                  CREATE FUNCTION risk_registry.events_are_immutable() RETURNS trigger
                                  LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$""")
            await conn.close()

        asyncio.run(write())
    finally:
        pg.stop()

"""deploy/postgres/create-roles.sh, what an operator runs once on an external PostgreSQL: it makes
the roles the runtime makes (libs/roles.py, checked against the catalog), with passwords kept in
0600 files and stored as SCRAM verifiers of them; `shuangkong migrate` as its owner then works,
and the services' roles are held to their grants. Run against the machine's own PostgreSQL
(127.0.0.1:5432, superuser `postgres`), in a throwaway database with roles of a unique prefix."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import re
import shutil
import stat
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import asyncpg
import pytest

from libs.config import Settings
from libs.roles import _NOT_OWNED, ATTRIBUTES, OWNER, DatabaseRoles
from libs.service import migrate_services
from shuangkong.catalog import catalog
from tests.integration.security.conftest import BYPASSES, append_as_the_service, events_as_stored, refused

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "deploy" / "postgres" / "create-roles.sh"
SYSTEM = {"PGHOST": os.environ.get("SK_TEST_SYSTEM_PGHOST", "127.0.0.1"),
          "PGPORT": os.environ.get("SK_TEST_SYSTEM_PGPORT", "5432"), "PGUSER": "postgres", "PGDATABASE": "postgres"}


def test_the_script_makes_the_roles_the_runtime_makes():
    text = SCRIPT.read_text()
    assert re.search(r'^SERVICES="\$\{SK_SERVICES:-([^}]*)\}"', text, re.M)[1].split() == catalog().names
    assert re.search(r'^ATTRIBUTES="([^"]*)"', text, re.M)[1] == ATTRIBUTES
    assert re.search(r"^OWNER=(\w+)$", text, re.M)[1] == OWNER
    assert re.search(r'^PREFIX="\$\{SK_DATABASE_ROLE_PREFIX:-(\w+)\}"', text, re.M)[1] \
        == Settings(_env_file=None).database_role_prefix


async def _superuser(database: str = "postgres") -> asyncpg.Connection:
    return await asyncpg.connect(host=SYSTEM["PGHOST"], port=int(SYSTEM["PGPORT"]), user="postgres",
                                 database=database, timeout=5)


@pytest.fixture
async def system_pg():
    if shutil.which("psql") is None:
        pytest.skip("no psql on the PATH")
    try:
        conn = await _superuser()
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"no PostgreSQL of the machine's own at {SYSTEM['PGHOST']}:{SYSTEM['PGPORT']} ({exc})")
    await conn.close()


def matches(verifier: str, password: str) -> bool:
    """Whether a stored SCRAM-SHA-256 verifier is one of `password` (its StoredKey and ServerKey)."""
    iterations, salt, stored, server = re.fullmatch(r"SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)", verifier).groups()
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return (base64.b64decode(stored) == hashlib.sha256(client_key).digest()
            and base64.b64decode(server) == hmac.new(salted, b"Server Key", "sha256").digest())


async def test_the_script_prepares_a_postgresql_the_services_then_run_on(system_pg, tmp_path):
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    database, secrets = f"{prefix}shuangkong", tmp_path / "secrets"
    roles = DatabaseRoles(tuple(catalog().names), prefix)
    env = {**os.environ, **SYSTEM, "SK_DATABASE": database, "SK_DATABASE_ROLE_PREFIX": prefix,
           "SK_SECRETS_DIR": str(secrets)}
    env.pop("PGPASSWORD", None)
    try:
        for _ in range(2):  # once, and again: nothing changes
            done = await asyncio.to_thread(subprocess.run, [str(SCRIPT)], env=env, capture_output=True, text=True,
                                           timeout=120)
            assert done.returncode == 0, done.stderr
        assert f"{roles.owner}: SK_MIGRATION_DATABASE_URL" in done.stdout
        assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
        passwords = {}
        for role in roles.all:
            path = secrets / f"{role}.password"
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            passwords[role] = path.read_text().strip()
            assert passwords[role] not in done.stdout + done.stderr

        conn = await _superuser()
        try:
            for role in roles.all:
                row = await conn.fetchrow("SELECT rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolpassword "
                                          "FROM pg_authid WHERE rolname = $1", role)
                assert tuple(row)[:4] == (False, False, False, True), role
                assert matches(row["rolpassword"], passwords[role]), f"{role}: the stored verifier is of its file"
            assert await conn.fetchval("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1",
                                       database) == roles.owner
        finally:
            await conn.close()

        url = await _migrated_as_owner(database, roles, passwords, prefix)
        await append_as_the_service(url(roles.of("risk_registry")))
        before = await events_as_stored(url(roles.owner))
        for statements in BYPASSES.values():
            error = await refused(url(roles.of("risk_registry")), statements)
            assert isinstance(error, asyncpg.InsufficientPrivilegeError), (statements, error)
        error = await refused(url(roles.owner), ["TRUNCATE risk_registry.events"])
        assert "TRUNCATE is refused" in str(error)
        error = await refused(url(roles.of("audit")), ["SELECT * FROM risk_registry.events"])
        assert "permission denied for schema" in str(error)
        assert await events_as_stored(url(roles.owner)) == before
    finally:
        await _drop(database, roles)


async def _migrated_as_owner(database: str, roles: DatabaseRoles, passwords: dict[str, str],
                             prefix: str) -> Callable[[str], str]:
    """Every service migrated as the owner the script made; the URL each role signs in with."""
    def url(role: str) -> str:
        return f"postgresql://{role}:{passwords[role]}@{SYSTEM['PGHOST']}:{SYSTEM['PGPORT']}/{database}"

    await migrate_services(list(catalog().specs.values()),
                           Settings(_env_file=None, database_role_prefix=prefix), url(roles.owner))
    return url


async def _drop(database: str, roles: DatabaseRoles) -> None:
    """What a test made on the machine's PostgreSQL goes again: its database and its roles."""
    conn = await _superuser()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in reversed(roles.all):
            await conn.execute(f'DROP ROLE IF EXISTS "{role}"')
    finally:
        await conn.close()


async def test_compose_db_roles_step_gives_each_role_the_password_of_its_variable(system_pg, tmp_path):
    """docker-compose.yml's `db-roles` command, run here as its container would (no Docker): each
    role gets the password of its DB_PASSWORD_<ROLE> variable, so the URLs compose builds from the
    same variables sign in — the owner's migrates, each service's connects as that role."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["db-roles"]
    command = compose["command"][0].replace("$$", "$").replace("/create-roles.sh", str(SCRIPT))
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    database, roles = f"{prefix}shuangkong", DatabaseRoles(tuple(catalog().names), prefix)
    passwords = {role: uuid.uuid4().hex for role in roles.all}
    env = {**os.environ, **SYSTEM, "SK_DATABASE": database, "SK_DATABASE_ROLE_PREFIX": prefix,
           "SK_SECRETS_DIR": str(tmp_path / "secrets")}
    env |= {f"DB_PASSWORD_{role.upper()}": password for role, password in passwords.items()}
    env.pop("PGPASSWORD", None)
    try:
        done = await asyncio.to_thread(subprocess.run, ["/bin/sh", "-ec", command], env=env, capture_output=True,
                                       text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert not any(p in done.stdout + done.stderr for p in passwords.values())
        conn = await _superuser()
        try:  # the verifiers, not a sign-in: this machine's server may trust local connections
            for role in roles.all:
                stored = await conn.fetchval("SELECT rolpassword FROM pg_authid WHERE rolname = $1", role)
                assert stored and stored.startswith("SCRAM-SHA-256$"), role
                assert matches(stored, passwords[role]), f"{role}: not the password of DB_PASSWORD_{role.upper()}"
        finally:
            await conn.close()

        url = await _migrated_as_owner(database, roles, passwords, prefix)
        for role in roles.service_roles:
            conn = await asyncpg.connect(url(role), timeout=5)
            try:
                assert await conn.fetchval("SELECT current_user") == role
            finally:
                await conn.close()
        await append_as_the_service(url(roles.of("risk_registry")))
    finally:
        await _drop(database, roles)


async def test_the_script_hands_a_database_of_an_earlier_version_to_the_owner(system_pg, tmp_path):
    """A database every service migrated as the superuser (docker-compose.yml before the roles): the
    script gives every object of it to the owner, who then migrates it, and nothing stays the
    superuser's."""
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    database, roles = f"{prefix}shuangkong", DatabaseRoles(tuple(catalog().names), prefix)
    specs, settings = list(catalog().specs.values()), Settings(_env_file=None, database_role_prefix=prefix)
    conn = await _superuser()
    await conn.execute(f'CREATE DATABASE "{database}"')
    await conn.close()
    superuser = f"postgresql://postgres@{SYSTEM['PGHOST']}:{SYSTEM['PGPORT']}/{database}"
    env = {**os.environ, **SYSTEM, "SK_DATABASE": database, "SK_DATABASE_ROLE_PREFIX": prefix,
           "SK_SECRETS_DIR": str(tmp_path / "secrets")}
    env.pop("PGPASSWORD", None)
    try:
        await migrate_services(specs, settings, superuser)  # no roles yet: as the earlier version did
        conn = await asyncpg.connect(superuser)
        try:
            schemas = await conn.fetch("SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace "
                                       "WHERE nspname = ANY($1::text[])", catalog().names)
            assert schemas and {s["owner"] for s in schemas} == {"postgres"}, "the earlier version: the superuser's"
        finally:
            await conn.close()
        done = await asyncio.to_thread(subprocess.run, [str(SCRIPT)], env=env, capture_output=True, text=True,
                                       timeout=120)
        assert done.returncode == 0, done.stderr
        password = (tmp_path / "secrets" / f"{roles.owner}.password").read_text().strip()
        owner = f"postgresql://{roles.owner}:{password}@{SYSTEM['PGHOST']}:{SYSTEM['PGPORT']}/{database}"
        conn = await asyncpg.connect(superuser)
        try:
            assert await conn.fetch(_NOT_OWNED, roles.owner) == [], "every object is the owner's"
        finally:
            await conn.close()
        await migrate_services(specs, settings, owner)
        await append_as_the_service(owner.replace(roles.owner, roles.of("risk_registry"), 1).replace(
            password, (tmp_path / "secrets" / f"{roles.of('risk_registry')}.password").read_text().strip()))
    finally:
        await _drop(database, roles)


def _path_without_python(tmp_path: Path) -> str:
    """A PATH with the tools the script uses but no python3, as in the postgres image compose runs it in."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("psql", "head", "base64", "tr", "chmod", "mkdir", "cat", "sh"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return str(bin_dir)


async def test_without_python_the_script_sends_the_password_itself_and_refuses_one_it_cannot_quote(system_pg,
                                                                                                   tmp_path):
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    database, secrets = f"{prefix}shuangkong", tmp_path / "secrets"
    roles = DatabaseRoles(tuple(catalog().names), prefix)
    env = {**SYSTEM, "PATH": _path_without_python(tmp_path), "SK_DATABASE": database,
           "SK_DATABASE_ROLE_PREFIX": prefix, "SK_SECRETS_DIR": str(secrets)}
    try:
        done = await asyncio.to_thread(subprocess.run, ["sh", str(SCRIPT)], env=env, capture_output=True, text=True,
                                       timeout=120)
        assert done.returncode == 0, done.stderr
        assert "no python3" in done.stderr
        conn = await _superuser()
        try:
            for role in roles.all:
                stored = await conn.fetchval("SELECT rolpassword FROM pg_authid WHERE rolname = $1", role)
                assert matches(stored, (secrets / f"{role}.password").read_text().strip()), role
            (secrets / f"{roles.owner}.password").write_text("it's-mine")
            again = await asyncio.to_thread(subprocess.run, ["sh", str(SCRIPT)], env=env, capture_output=True,
                                            text=True, timeout=120)
            assert again.returncode == 2 and "quote" in again.stderr
            after = await conn.fetchval("SELECT rolpassword FROM pg_authid WHERE rolname = $1", roles.owner)
            assert after == await conn.fetchval("SELECT rolpassword FROM pg_authid WHERE rolname = $1", roles.owner)
            assert not matches(after, "it's-mine")
        finally:
            await conn.close()
    finally:
        await _drop(database, roles)

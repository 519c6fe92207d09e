"""Who connects to PostgreSQL (docs/decisions.md §32): an owner and one role per service.

- **The owner** (`sk_owner`) owns the database, every service schema and every table in them.
  It runs the migrations and the rebuilds (`shuangkong migrate`, `shuangkong rebuild`), and
  applies each schema's grants (libs/grants.py). It is no superuser.
- **A service's role** (`sk_<service>`) logs in and owns nothing: it cannot alter, truncate or
  disable a trigger of any table, nor set `session_replication_role`; it may only what
  libs/grants.py grants it on its own schemas.

Creating roles and the database is a superuser's work, done once: by the embedded runtime at
every start (libs/runtime/postgres.py, idempotent) or by an operator with
deploy/postgres/create-roles.sh for an external PostgreSQL; both make the roles named here with
`ATTRIBUTES`. The names take a prefix (`SK_DATABASE_ROLE_PREFIX`, `sk_` by default), so that
two installations can share a cluster.

Passwords reach the server only as SCRAM-SHA-256 verifiers computed here, never in clear text
(a statement may be logged).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

import asyncpg

OWNER = "owner"
# Every role logs in with a password and may do nothing beyond what it is granted.
ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
_SCRAM_ITERATIONS = 4096  # PostgreSQL's default (scram_iterations)


@dataclass(frozen=True)
class DatabaseRoles:
    """The roles of one installation: its owner, then one per service, in the given order."""

    services: tuple[str, ...]
    prefix: str = "sk_"

    def __post_init__(self) -> None:
        if OWNER in self.services:
            raise ValueError(f"a service may not be named {OWNER!r}: its role would be the owner's")

    @property
    def owner(self) -> str:
        return f"{self.prefix}{OWNER}"

    def of(self, service: str) -> str:
        return f"{self.prefix}{service}"

    @property
    def service_roles(self) -> list[str]:
        return [self.of(s) for s in self.services]

    @property
    def all(self) -> list[str]:
        return [self.owner, *self.service_roles]


def service_role(service: str, prefix: str = "sk_") -> str:
    return f"{prefix}{service}"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = _SCRAM_ITERATIONS) -> str:
    """What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802/7677), computed here so the
    password itself never travels in a statement. `password` is plain ASCII here (no SASLprep)."""
    salt = salt or os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(hashlib.sha256(client_key).digest())}:{b64(server_key)}"


async def ensure_role(conn: asyncpg.Connection, name: str, password: str) -> None:
    """Create the role, or bring an existing one back to `ATTRIBUTES` and `password` (superuser or
    CREATEROLE). A verifier is base64, digits, `$` and `:`: safe inside the quotes."""
    exists = await conn.fetchval("SELECT true FROM pg_roles WHERE rolname = $1", name)
    verb = "ALTER" if exists else "CREATE"
    await conn.execute(f"{verb} ROLE {ident(name)} WITH {ATTRIBUTES} PASSWORD '{scram_verifier(password)}'")


async def prepare_database(admin: asyncpg.Connection, database: str, roles: DatabaseRoles) -> None:
    """As a superuser: the database exists and is the owner's; only the installation's roles may
    connect (no one else, no temporary tables)."""
    owner = await admin.fetchval("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", database)
    if owner is None:
        await admin.execute(f"CREATE DATABASE {ident(database)} OWNER {ident(roles.owner)}")
    elif owner != roles.owner:
        await admin.execute(f"ALTER DATABASE {ident(database)} OWNER TO {ident(roles.owner)}")
    await admin.execute(f"REVOKE ALL ON DATABASE {ident(database)} FROM PUBLIC")
    await admin.execute(f"GRANT CONNECT ON DATABASE {ident(database)} TO "
                        + ", ".join(ident(r) for r in roles.service_roles))


# Every object of the non-system schemas, with what ALTER … OWNER names it. A column's sequence
# and a table's row type follow their table; an index, its table.
_NOT_OWNED = """
WITH ours AS (
    SELECT oid, nspname, nspowner FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')
)
SELECT 'SCHEMA' AS kind, quote_ident(nspname) AS name FROM ours WHERE nspowner <> $1::text::regrole
UNION ALL
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
       ELSE 'TABLE' END, quote_ident(o.nspname) || '.' || quote_ident(c.relname)
FROM pg_class c JOIN ours o ON o.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> $1::text::regrole
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                       AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
UNION ALL
SELECT 'ROUTINE', quote_ident(o.nspname) || '.' || quote_ident(p.proname)
       || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN ours o ON o.oid = p.pronamespace WHERE p.proowner <> $1::text::regrole
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, quote_ident(o.nspname) || '.' || quote_ident(t.typname)
FROM pg_type t JOIN ours o ON o.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typowner <> $1::text::regrole AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c'))
"""


async def adopt(conn: asyncpg.Connection, owner: str) -> int:
    """As a superuser, in the database: give `owner` every schema and object of it that another
    role owns — what an earlier version made as the superuser. Returns how many changed hands.
    (`REASSIGN OWNED BY postgres` cannot: the bootstrap superuser owns the system's objects too.)"""
    moved = await conn.fetch(_NOT_OWNED, owner)
    async with conn.transaction():
        for row in moved:
            await conn.execute(f"ALTER {row['kind']} {row['name']} OWNER TO {ident(owner)}")
    return len(moved)

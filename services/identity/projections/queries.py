"""Reading the identity read model (and, for an enterprise's list, the directory replica beside
it). An account's state is judged at the moment asked (`at`, always `$1`): a short lock lapses
by itself, with no event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from libs.pagination import PageParams
from services.identity.application.ports import Holder
from services.identity.domain.codes import AccountKind, AccountState
from services.identity.projections.directory import SCHEMA

Row = dict[str, Any]


def _judged(left: str) -> str:
    """An account's state at $1 and its lock, if it holds then; `left`: whether the person left."""
    holds = "locked_at IS NOT NULL AND (locked_until IS NULL OR locked_until > $1)"
    return f"""CASE WHEN disabled IS NOT NULL OR {left} THEN 'disabled' WHEN {holds} THEN 'locked'
                    WHEN NOT has_password THEN 'no_password' WHEN must_change THEN 'must_change'
                    ELSE 'active' END AS state,
               CASE WHEN {holds} THEN locked_at END AS locked_at,
               CASE WHEN {holds} THEN locked_until END AS locked_until,
               failures_in_a_row, must_change, last_sign_in_at, password_set_at, version"""


# An enterprise's accounts: every person of its directory (with their account, once opened) and
# its administrators.
_ENTERPRISE_ACCOUNTS = f"""
SELECT p.person_id AS id, 'person' AS kind, p.name, p.mobile, coalesce(p.roles, '{{}}') AS roles, p.retired AS "left",
       a.disabled, coalesce(a.has_password, false) AS has_password, coalesce(a.must_change, false) AS must_change,
       a.locked_at, a.locked_until, coalesce(a.failures_in_a_row, 0) AS failures_in_a_row, a.last_sign_in_at,
       a.password_set_at, coalesce(a.version, 0) AS version
FROM {SCHEMA}.people p LEFT JOIN accounts a ON a.id = p.person_id
WHERE p.enterprise_id = $2
UNION ALL
SELECT id, kind, name, mobile, ARRAY['enterprise_admin'], false, disabled, has_password, must_change, locked_at,
       locked_until, failures_in_a_row, last_sign_in_at, password_set_at, version
FROM accounts WHERE enterprise_id = $2 AND kind = 'enterprise_admin'
"""
_ACCOUNT = f"""SELECT id, kind, name, mobile, roles, "left", {_judged('"left"')} FROM ({_ENTERPRISE_ACCOUNTS}) listed"""
_REGULATOR = f"""SELECT id, name, mobile, jurisdiction, created_at, {_judged('false')} FROM accounts
                 WHERE kind = 'regulator'"""
_SERVICE_ACCOUNT = ("SELECT id, id AS client_id, enterprise_id, name, scopes, removed, last_used_at, created_at, "
                    "updated_at, version FROM service_accounts")


class SqlAccounts:
    """The look-ups the handlers use (ports.AccountLookups) and the queries the routes answer."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def holders_of_mobile(self, mobile: str) -> list[Holder]:
        rows = await self._pool.fetch(
            "SELECT id, enterprise_id, kind FROM accounts WHERE mobile = $1 AND disabled IS NULL", mobile)
        return [Holder(r["id"], r["enterprise_id"], AccountKind(r["kind"])) for r in rows]

    async def admins(self, enterprise_id: str) -> list[str]:
        rows = await self._pool.fetch("""SELECT id FROM accounts WHERE enterprise_id = $1 AND kind = 'enterprise_admin'
                                         AND disabled IS NULL ORDER BY id""", enterprise_id)
        return [r["id"] for r in rows]

    async def open_sessions(self, account_id: str, at: datetime) -> list[str]:
        rows = await self._pool.fetch(
            "SELECT id FROM sessions WHERE account_id = $1 AND ended IS NULL AND expires_at > $2 ORDER BY id",
            account_id, at)
        return [r["id"] for r in rows]

    async def accounts(self, enterprise_id: str, at: datetime, p: PageParams, *, state: AccountState | None = None,
                       kind: AccountKind | None = None, q: str | None = None,
                       include_left: bool = False) -> tuple[list[Row], int]:
        where, args = [], [at, enterprise_id]
        if not include_left:
            where.append('NOT "left"')
        for column, value in (("kind", kind), ("state", state)):
            if value is not None:
                args.append(value.value)
                where.append(f"{column} = ${len(args)}")
        if q:
            args.append(q)
            where.append(f"(strpos(name, ${len(args)}) > 0 OR starts_with(mobile, ${len(args)}))")
        listed = f"SELECT * FROM ({_ACCOUNT}) judged" + (f" WHERE {' AND '.join(where)}" if where else "")
        return await self._page(listed, args, p)

    async def account(self, enterprise_id: str, account_id: str, at: datetime) -> Row | None:
        return await self._one(f"SELECT * FROM ({_ACCOUNT}) judged WHERE id = $3", at, enterprise_id, account_id)

    async def regulators(self, at: datetime, p: PageParams) -> tuple[list[Row], int]:
        return await self._page(_REGULATOR, [at], p)

    async def regulator(self, account_id: str, at: datetime) -> Row | None:
        return await self._one(_REGULATOR + " AND id = $2", at, account_id)

    async def service_accounts(self, enterprise_id: str, p: PageParams) -> tuple[list[Row], int]:
        return await self._page(_SERVICE_ACCOUNT + " WHERE enterprise_id = $1 AND NOT removed", [enterprise_id], p)

    async def service_account(self, enterprise_id: str, service_account_id: str) -> Row | None:
        return await self._one(_SERVICE_ACCOUNT + " WHERE enterprise_id = $1 AND id = $2", enterprise_id,
                               service_account_id)

    async def sessions(self, enterprise_id: str, at: datetime, p: PageParams, *, account_id: str | None = None,
                       include_ended: bool = False) -> tuple[list[Row], int]:
        where, args = ["enterprise_id = $1"], [enterprise_id]
        if not include_ended:
            args.append(at)
            where.append("ended IS NULL AND expires_at > $2")
        if account_id is not None:
            args.append(account_id)
            where.append(f"account_id = ${len(args)}")
        listed = f"""SELECT id, account_id, address, started_at, expires_at, refreshed_at, generation, ended, ended_at
                     FROM sessions WHERE {' AND '.join(where)}"""
        n = len(args)
        rows = await self._pool.fetch(f"""SELECT *, count(*) OVER () AS total FROM ({listed}) page
                                          ORDER BY started_at DESC, id LIMIT ${n + 1} OFFSET ${n + 2}""",
                                      *args, p.limit, p.offset)
        total = rows[0]["total"] if rows else await self._pool.fetchval(f"SELECT count(*) FROM ({listed}) page", *args)
        return [{k: v for k, v in r.items() if k != "total"} for r in rows], total

    async def _one(self, query: str, *args: Any) -> Row | None:
        row = await self._pool.fetchrow(query, *args)
        return None if row is None else dict(row)

    async def _page(self, listed: str, args: list, p: PageParams) -> tuple[list[Row], int]:
        n = len(args)
        rows = await self._pool.fetch(f"""SELECT *, count(*) OVER () AS total FROM ({listed}) page
                                          ORDER BY name, id LIMIT ${n + 1} OFFSET ${n + 2}""", *args, p.limit, p.offset)
        total = rows[0]["total"] if rows else await self._pool.fetchval(f"SELECT count(*) FROM ({listed}) page", *args)
        return [{k: v for k, v in r.items() if k != "total"} for r in rows], total

"""The inline read model: one row per account, session and service account, written in the
append's transaction (the answer to a command reads it at once). Lock-outs keep their times; an
account's state at a moment is computed when read (projections/queries.py), so a short lock
lapses without an event."""

from __future__ import annotations

from libs.errors import Conflict
from libs.events import RecordedEvent
from libs.inline import Projector
from services.identity.domain import events as e
from services.identity.domain.codes import AccountKind
from services.identity.domain.rules import LAST_ADMIN


async def _account(conn, r: RecordedEvent, account_id: str, kind: AccountKind, enterprise_id: str | None,
                   name: str | None = None, mobile: str | None = None, jurisdiction: list[str] | None = None) -> None:
    await conn.execute(
        """INSERT INTO accounts (id, kind, enterprise_id, name, mobile, jurisdiction, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)""",
        account_id, kind.value, enterprise_id, name, mobile, jurisdiction or [], r.recorded_at, r.version)


async def _update(conn, r: RecordedEvent, account_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE accounts SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       account_id, r.recorded_at, r.version, *values)


async def person_opened(conn, ev: e.PersonAccountOpened, r: RecordedEvent) -> None:
    await _account(conn, r, ev.account_id, AccountKind.PERSON, ev.enterprise_id)


async def admin_created(conn, ev: e.EnterpriseAdminAccountCreated, r: RecordedEvent) -> None:
    await _account(conn, r, ev.account_id, AccountKind.ENTERPRISE_ADMIN, ev.enterprise_id, ev.name, ev.mobile)


async def regulator_created(conn, ev: e.RegulatorAccountCreated, r: RecordedEvent) -> None:
    await _account(conn, r, ev.account_id, AccountKind.REGULATOR, None, ev.name, ev.mobile, ev.jurisdiction)


async def jurisdiction_changed(conn, ev: e.JurisdictionChanged, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "jurisdiction = $4", ev.jurisdiction)


async def password_set(conn, ev: e.PasswordSet, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "has_password = true, must_change = $4, password_set_at = $5",
                  ev.must_change, ev.at)


async def password_changed(conn, ev: e.PasswordChanged, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "has_password = true, must_change = false, password_set_at = $4", ev.at)


async def signed_in(conn, ev: e.SignedIn, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, """failures_in_a_row = 0, locked_at = NULL, locked_until = NULL,
                  last_sign_in_at = $4""", ev.at)


async def sign_in_failed(conn, ev: e.SignInFailed, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "failures_in_a_row = $4", ev.failures)


async def locked(conn, ev: e.AccountLocked, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "locked_at = $4, locked_until = $5", ev.at, ev.until)


async def unlocked(conn, ev: e.AccountUnlocked, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "failures_in_a_row = 0, locked_at = NULL, locked_until = NULL")


async def disabled(conn, ev: e.AccountDisabled, r: RecordedEvent) -> None:
    await _update(conn, r, ev.account_id, "disabled = $4", ev.reason.value)


async def admin_demoted(conn, ev: e.EnterpriseAdminDemoted, r: RecordedEvent) -> None:
    """The guard that the enterprise keeps an administrator, under concurrency: its administrators'
    rows are locked (in one order, so two demotions queue rather than deadlock); a demotion that
    would leave none rolls its whole append back (409). The second of two racing demotions sees
    the first's row as demoted once it commits."""
    admins = await conn.fetch("""SELECT id FROM accounts WHERE enterprise_id = $1 AND kind = 'enterprise_admin'
                                 AND disabled IS NULL ORDER BY id FOR UPDATE""", ev.enterprise_id)
    if not [row for row in admins if row["id"] != ev.account_id]:
        raise Conflict(LAST_ADMIN, field="account_id", code="last_admin")
    await _update(conn, r, ev.account_id, "disabled = 'demoted'")


async def session_started(conn, ev: e.SessionStarted, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO sessions (id, account_id, enterprise_id, address, started_at, expires_at, generation, version)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7)""",
        ev.session_id, ev.account_id, ev.enterprise_id, ev.address, ev.at, ev.expires_at, r.version)


async def session_refreshed(conn, ev: e.SessionRefreshed, r: RecordedEvent) -> None:
    await conn.execute("UPDATE sessions SET generation = $2, refreshed_at = $3, version = $4 WHERE id = $1",
                       ev.session_id, ev.generation, ev.at, r.version)


async def _ended(conn, session_id: str, how: str, at, r: RecordedEvent) -> None:
    await conn.execute("UPDATE sessions SET ended = $2, ended_at = $3, version = $4 WHERE id = $1",
                       session_id, how, at, r.version)


async def signed_out(conn, ev: e.SignedOut, r: RecordedEvent) -> None:
    await _ended(conn, ev.session_id, "signed_out", ev.at, r)


async def session_revoked(conn, ev: e.SessionRevoked, r: RecordedEvent) -> None:
    await _ended(conn, ev.session_id, ev.reason.value, ev.at, r)


async def service_account_created(conn, ev: e.ServiceAccountCreated, r: RecordedEvent) -> None:
    await conn.execute(
        """INSERT INTO service_accounts (id, enterprise_id, name, scopes, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $5, $6)""",
        ev.service_account_id, ev.enterprise_id, ev.name, ev.scopes, r.recorded_at, r.version)


async def _service_account(conn, r: RecordedEvent, service_account_id: str, sets: str, *values) -> None:
    await conn.execute(f"UPDATE service_accounts SET {sets}, updated_at = $2, version = $3 WHERE id = $1",
                       service_account_id, r.recorded_at, r.version, *values)


async def scopes_changed(conn, ev: e.ServiceAccountScopesChanged, r: RecordedEvent) -> None:
    await _service_account(conn, r, ev.service_account_id, "scopes = $4", ev.scopes)


async def secret_rotated(conn, ev: e.ServiceAccountSecretRotated, r: RecordedEvent) -> None:
    await conn.execute("UPDATE service_accounts SET updated_at = $2, version = $3 WHERE id = $1",
                       ev.service_account_id, r.recorded_at, r.version)


async def service_account_removed(conn, ev: e.ServiceAccountRemoved, r: RecordedEvent) -> None:
    await _service_account(conn, r, ev.service_account_id, "removed = true")


async def client_token_issued(conn, ev: e.ClientTokenIssued, _r: RecordedEvent) -> None:
    # Another stream's event (the attempt's): the account's own version does not move.
    await conn.execute("UPDATE service_accounts SET last_used_at = $2 WHERE id = $1", ev.service_account_id, ev.at)


project = Projector(e.registry, {
    e.PersonAccountOpened: person_opened, e.EnterpriseAdminAccountCreated: admin_created,
    e.RegulatorAccountCreated: regulator_created, e.JurisdictionChanged: jurisdiction_changed,
    e.PasswordSet: password_set, e.PasswordChanged: password_changed, e.SignedIn: signed_in,
    e.SignInFailed: sign_in_failed, e.AccountLocked: locked, e.AccountUnlocked: unlocked, e.AccountDisabled: disabled,
    e.EnterpriseAdminDemoted: admin_demoted, e.SessionStarted: session_started,
    e.SessionRefreshed: session_refreshed, e.SignedOut: signed_out,
    e.SessionRevoked: session_revoked, e.ServiceAccountCreated: service_account_created,
    e.ServiceAccountScopesChanged: scopes_changed, e.ServiceAccountSecretRotated: secret_rotated,
    e.ServiceAccountRemoved: service_account_removed, e.ClientTokenIssued: client_token_issued,
})

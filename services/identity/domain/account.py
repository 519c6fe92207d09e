"""An account: who may sign in, with what password state, and how many failures stand against it.

A person's account is opened when the directory registers the person and disabled, for good,
when they leave; an enterprise admin's and a regulator's are created by the platform admin. The
password itself is never here: the handler checks it against the hash kept beside the log and
tells the account only whether it matched (`sign_in(password_ok=…)`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from libs.aggregate import Aggregate, DomainConflict, DomainError
from services.identity.domain import events as e
from services.identity.domain.codes import AccountKind, AccountState, DisabledBecause
from services.identity.domain.rules import Lock, LockoutPolicy, lock_after


class SignInOutcome(StrEnum):
    SIGNED_IN = "signed_in"  # a session may start
    CHANGE_REQUIRED = "change_required"  # only a token to change the password
    FAILED = "failed"  # recorded; may have locked the account
    REFUSED = "refused"  # locked or disabled: nothing recorded (the lock-out was)


class LockedOut(DomainConflict):
    """A change refused because the account is locked (423): `until` it lifts by itself, or None
    when only an administrator can lift it."""

    status = 423

    def __init__(self, until: datetime | None) -> None:
        super().__init__("账号已被锁定，请稍后再试或联系管理员解锁", field="account_id", code="locked")
        self.until = until


class Account(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.kind: AccountKind | None = None
        self.enterprise_id: str | None = None
        self.name: str | None = None  # a person's name and mobile are the directory's, not kept here
        self.mobile: str | None = None
        self.jurisdiction: list[str] = []
        self.has_password = False
        self.must_change = False
        self.failures_in_a_row = 0
        self.recent_failures: list[datetime] = []  # since the last lock, sign-in or unlock
        self.lock: Lock | None = None
        self.disabled: DisabledBecause | None = None
        self.demoted = False  # an enterprise admin no longer: the account is closed as if disabled
        self.last_sign_in_at: datetime | None = None

    # ---- opening ----------------------------------------------------------------------------

    @classmethod
    def open_for_person(cls, person_id: str, enterprise_id: str) -> Account:
        account = cls(person_id)
        account._record(e.PersonAccountOpened(account_id=person_id, enterprise_id=enterprise_id))
        return account

    @classmethod
    def create_enterprise_admin(cls, account_id: str, enterprise_id: str, name: str, mobile: str, by: str) -> Account:
        account = cls(account_id)
        account._record(e.EnterpriseAdminAccountCreated(account_id=account_id, enterprise_id=enterprise_id,
                                                        name=name, mobile=mobile, by=by))
        return account

    @classmethod
    def create_regulator(cls, account_id: str, name: str, mobile: str, jurisdiction: list[str], by: str) -> Account:
        account = cls(account_id)
        account._record(e.RegulatorAccountCreated(account_id=account_id, name=name, mobile=mobile,
                                                  jurisdiction=_jurisdiction(jurisdiction), by=by))
        return account

    # ---- what it is now ---------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Disabled or demoted: it signs in no more, for good."""
        return self.disabled is not None or self.demoted

    def locked(self, at: datetime) -> bool:
        return self.lock is not None and self.lock.holds(at)

    def state(self, at: datetime) -> AccountState:
        if self.closed:
            return AccountState.DISABLED
        if self.locked(at):
            return AccountState.LOCKED
        if not self.has_password:
            return AccountState.NO_PASSWORD
        return AccountState.MUST_CHANGE if self.must_change else AccountState.ACTIVE

    def may_use_sessions(self, at: datetime) -> bool:
        """Whether its sessions may go on being refreshed."""
        return self.state(at) is AccountState.ACTIVE

    # ---- signing in -------------------------------------------------------------------------

    def sign_in(self, *, password_ok: bool, at: datetime, address: str, session_id: str,
                policy: LockoutPolicy) -> SignInOutcome:
        """Decide on an attempt whose password did (or did not) match the stored hash."""
        if self.closed or self.locked(at):
            return SignInOutcome.REFUSED
        if password_ok and self.has_password:
            change = self.must_change
            self._record(e.SignedIn(account_id=self.id, enterprise_id=self.enterprise_id, address=address, at=at,
                                    session_id=None if change else session_id, password_change_required=change))
            return SignInOutcome.CHANGE_REQUIRED if change else SignInOutcome.SIGNED_IN
        self.fail(at=at, address=address, policy=policy)
        return SignInOutcome.FAILED

    def fail(self, *, at: datetime, address: str, policy: LockoutPolicy) -> None:
        """A wrong password (at sign-in, or as the old one of a change): counted, perhaps locking."""
        self._record(e.SignInFailed(account_id=self.id, enterprise_id=self.enterprise_id, address=address, at=at,
                                    failures=self.failures_in_a_row + 1))
        lock = lock_after(self.failures_in_a_row, self.recent_failures, at, policy)
        if lock is not None:
            self._record(e.AccountLocked(account_id=self.id, enterprise_id=self.enterprise_id, at=at,
                                         until=lock.until, failures=self.failures_in_a_row))

    def unlock(self, by: str, at: datetime) -> None:
        if not self.locked(at):
            raise DomainConflict("账号未被锁定", field="account_id", code="not_locked")
        self._record(e.AccountUnlocked(account_id=self.id, enterprise_id=self.enterprise_id, by=by, at=at))

    # ---- passwords --------------------------------------------------------------------------

    def set_password(self, by: str, at: datetime) -> None:
        """An administrator's (re)set: the holder must change it at the next sign-in. It lifts a
        lock-out too (the holder was locked out for want of it)."""
        self._refuse_if_disabled()
        if self.locked(at):
            self._record(e.AccountUnlocked(account_id=self.id, enterprise_id=self.enterprise_id, by=by, at=at))
        self._record(e.PasswordSet(account_id=self.id, enterprise_id=self.enterprise_id, by=by, at=at,
                                   must_change=True))

    def refuse_change(self, at: datetime) -> None:
        """Refuse (409) a change of password now: disabled, or locked — while guesses are locked
        out, the old password must not be checkable through a change either."""
        self._refuse_if_disabled()
        if self.lock is not None and self.lock.holds(at):
            raise LockedOut(self.lock.until)

    def change_password(self, at: datetime) -> None:
        """The holder's own change, the old password having matched."""
        self.refuse_change(at)
        self._record(e.PasswordChanged(account_id=self.id, enterprise_id=self.enterprise_id, at=at))

    def disable(self, reason: DisabledBecause, by: str, at: datetime) -> None:
        """Disable for good (a no-op when it already is)."""
        if not self.closed:
            self._record(e.AccountDisabled(account_id=self.id, enterprise_id=self.enterprise_id, reason=reason,
                                           by=by, at=at))

    def change_jurisdiction(self, jurisdiction: list[str], by: str) -> None:
        if self.kind is not AccountKind.REGULATOR:
            raise DomainError("只有监管人员账号有辖区", field="jurisdiction")
        self._refuse_if_disabled()
        wanted = _jurisdiction(jurisdiction)
        if wanted != self.jurisdiction:
            self._record(e.JurisdictionChanged(account_id=self.id, jurisdiction=wanted, by=by))

    def demote(self, by: str, at: datetime) -> None:
        """No longer an administrator of the enterprise (another administrator's decision). The
        account exists for nothing else, so it is closed for good; whether it was the enterprise's
        last administrator is the read model's to say (under a lock: application/admins.py)."""
        if self.kind is not AccountKind.ENTERPRISE_ADMIN:
            raise DomainError("只能撤销企业管理员账号", field="account_id", code="not_an_admin")
        self._refuse_if_disabled()
        self._record(e.EnterpriseAdminDemoted(account_id=self.id, enterprise_id=self.enterprise_id or "", by=by,
                                              at=at))

    def _refuse_if_disabled(self) -> None:
        if self.closed:
            raise DomainConflict("账号已停用", field="account_id", code="account_disabled")

    # ---- state ------------------------------------------------------------------------------

    def when_PersonAccountOpened(self, ev: e.PersonAccountOpened) -> None:
        self.kind, self.enterprise_id = AccountKind.PERSON, ev.enterprise_id

    def when_EnterpriseAdminAccountCreated(self, ev: e.EnterpriseAdminAccountCreated) -> None:
        self.kind, self.enterprise_id = AccountKind.ENTERPRISE_ADMIN, ev.enterprise_id
        self.name, self.mobile = ev.name, ev.mobile

    def when_RegulatorAccountCreated(self, ev: e.RegulatorAccountCreated) -> None:
        self.kind, self.name, self.mobile = AccountKind.REGULATOR, ev.name, ev.mobile
        self.jurisdiction = ev.jurisdiction

    def when_JurisdictionChanged(self, ev: e.JurisdictionChanged) -> None:
        self.jurisdiction = ev.jurisdiction

    def when_PasswordSet(self, ev: e.PasswordSet) -> None:
        self.has_password, self.must_change = True, ev.must_change

    def when_PasswordChanged(self, ev: e.PasswordChanged) -> None:
        self.has_password, self.must_change = True, False

    def when_SignedIn(self, ev: e.SignedIn) -> None:
        self.failures_in_a_row, self.recent_failures, self.lock = 0, [], None
        self.last_sign_in_at = ev.at

    def when_SignInFailed(self, ev: e.SignInFailed) -> None:
        self.failures_in_a_row = ev.failures
        self.recent_failures = [*self.recent_failures, ev.at]

    def when_AccountLocked(self, ev: e.AccountLocked) -> None:
        self.lock, self.recent_failures = Lock(ev.at, ev.until), []

    def when_AccountUnlocked(self, ev: e.AccountUnlocked) -> None:
        self.failures_in_a_row, self.recent_failures, self.lock = 0, [], None

    def when_AccountDisabled(self, ev: e.AccountDisabled) -> None:
        self.disabled = ev.reason

    def when_EnterpriseAdminDemoted(self, ev: e.EnterpriseAdminDemoted) -> None:
        self.demoted = True


def _jurisdiction(enterprise_ids: list[str]) -> list[str]:
    if not enterprise_ids:
        raise DomainError("辖区（jurisdiction）至少包含一家企业", field="jurisdiction")
    return sorted(set(enterprise_ids))

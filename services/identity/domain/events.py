"""Events of the identity service. Type names are the CloudEvents `ce_type`.

None carries a password, a token, or a hash of either (docs/decisions.md §34): those live in
tables beside the log. What is recorded is who did what, when, and from which address. Times
are the service's clock (`at`), which the lock-out rules read.
"""

from __future__ import annotations

from datetime import datetime

from libs.events import DomainEvent, EventRegistry
from services.identity.domain.codes import DisabledBecause, SessionEnd

P = "shuangkong.identity."


# ---- accounts ----------------------------------------------------------------------------------

class PersonAccountOpened(DomainEvent):
    """人员账号开通: a person the directory registered may be given a password."""

    TYPE = P + "PersonAccountOpened"
    account_id: str  # the person's id in the directory
    enterprise_id: str


class EnterpriseAdminAccountCreated(DomainEvent):
    """企业管理员账号创建 (by the platform admin)."""

    TYPE = P + "EnterpriseAdminAccountCreated"
    account_id: str
    enterprise_id: str
    name: str
    mobile: str
    by: str


class RegulatorAccountCreated(DomainEvent):
    """监管人员账号创建 (by the platform admin), reading the enterprises of its jurisdiction."""

    TYPE = P + "RegulatorAccountCreated"
    account_id: str
    name: str
    mobile: str
    jurisdiction: list[str]
    by: str


class JurisdictionChanged(DomainEvent):
    """监管辖区变更: the enterprises a regulator reads, as a whole list."""

    TYPE = P + "JurisdictionChanged"
    account_id: str
    jurisdiction: list[str]
    by: str


class PasswordSet(DomainEvent):
    """密码设置: an administrator set (or reset) the password; the holder must change it."""

    TYPE = P + "PasswordSet"
    account_id: str
    enterprise_id: str | None
    by: str
    at: datetime
    must_change: bool


class PasswordChanged(DomainEvent):
    """密码修改: the holder changed their own password (the old one given)."""

    TYPE = P + "PasswordChanged"
    account_id: str
    enterprise_id: str | None
    at: datetime


class SignedIn(DomainEvent):
    """登录成功. Without a session when the password must be changed first: then only a token
    good for changing it was issued."""

    TYPE = P + "SignedIn"
    account_id: str
    enterprise_id: str | None
    session_id: str | None
    address: str
    at: datetime
    password_change_required: bool = False


class SignInFailed(DomainEvent):
    """登录失败: a wrong password (or none set yet) for this account. Counts toward a lock-out."""

    TYPE = P + "SignInFailed"
    account_id: str
    enterprise_id: str | None
    address: str
    at: datetime
    failures: int  # in a row, since the last sign-in or unlock


class AccountLocked(DomainEvent):
    """账号锁定: too many failures; until `until`, or until an administrator lifts it (None)."""

    TYPE = P + "AccountLocked"
    account_id: str
    enterprise_id: str | None
    at: datetime
    until: datetime | None
    failures: int


class AccountUnlocked(DomainEvent):
    """账号解锁 (by an administrator)."""

    TYPE = P + "AccountUnlocked"
    account_id: str
    enterprise_id: str | None
    by: str
    at: datetime


class AccountDisabled(DomainEvent):
    """账号停用: the person left the enterprise, or the platform closed the account. For good."""

    TYPE = P + "AccountDisabled"
    account_id: str
    enterprise_id: str | None
    reason: DisabledBecause
    by: str
    at: datetime


class EnterpriseAdminDemoted(DomainEvent):
    """企业管理员撤销: another administrator of the enterprise (or this one) took the role away.
    The account exists for nothing else: it signs in no more, and its sessions are revoked (reason
    `disabled`) in the same transaction. The last administrator of an enterprise is never demoted."""

    TYPE = P + "EnterpriseAdminDemoted"
    account_id: str
    enterprise_id: str
    by: str
    at: datetime


# ---- sessions ----------------------------------------------------------------------------------

class SessionStarted(DomainEvent):
    """会话开始: a sign-in's refresh token was issued (generation 1)."""

    TYPE = P + "SessionStarted"
    session_id: str
    account_id: str
    enterprise_id: str | None
    address: str
    at: datetime
    expires_at: datetime


class SessionRefreshed(DomainEvent):
    """刷新令牌轮换: the refresh token of `generation - 1` was spent, one of `generation` issued."""

    TYPE = P + "SessionRefreshed"
    session_id: str
    enterprise_id: str | None
    generation: int
    at: datetime


class SignedOut(DomainEvent):
    """退出登录."""

    TYPE = P + "SignedOut"
    session_id: str
    account_id: str
    enterprise_id: str | None
    at: datetime


class SessionRevoked(DomainEvent):
    """会话撤销: ended by something other than its holder's sign-out (`reason`)."""

    TYPE = P + "SessionRevoked"
    session_id: str
    account_id: str
    enterprise_id: str | None
    reason: SessionEnd
    at: datetime


# ---- service accounts (integrators) ------------------------------------------------------------

class ServiceAccountCreated(DomainEvent):
    """接口调用方账号创建 (by an enterprise admin): reads the enterprise within its scopes."""

    TYPE = P + "ServiceAccountCreated"
    service_account_id: str  # also its client id
    enterprise_id: str
    name: str
    scopes: list[str]
    by: str
    at: datetime


class ServiceAccountScopesChanged(DomainEvent):
    TYPE = P + "ServiceAccountScopesChanged"
    service_account_id: str
    enterprise_id: str
    scopes: list[str]
    by: str
    at: datetime


class ServiceAccountSecretRotated(DomainEvent):
    """接口密钥更换: a new secret was shown once; the old one no longer works."""

    TYPE = P + "ServiceAccountSecretRotated"
    service_account_id: str
    enterprise_id: str
    by: str
    at: datetime


class ServiceAccountRemoved(DomainEvent):
    TYPE = P + "ServiceAccountRemoved"
    service_account_id: str
    enterprise_id: str
    by: str
    at: datetime


class ClientTokenIssued(DomainEvent):
    """接口令牌签发 (client credentials). Each issue is a stream of its own (`clientsignin-<id>`),
    so an integrator that asks every few minutes never grows one stream without bound."""

    TYPE = P + "ClientTokenIssued"
    attempt_id: str
    service_account_id: str
    enterprise_id: str
    scopes: list[str]
    address: str
    at: datetime
    expires_at: datetime


class ClientAuthenticationFailed(DomainEvent):
    """接口认证失败: a known client id with a wrong secret."""

    TYPE = P + "ClientAuthenticationFailed"
    attempt_id: str
    service_account_id: str
    enterprise_id: str
    address: str
    at: datetime


Events = list[type[DomainEvent]]
ACCOUNT_EVENTS: Events = [
    PersonAccountOpened, EnterpriseAdminAccountCreated, RegulatorAccountCreated, JurisdictionChanged, PasswordSet,
    PasswordChanged, SignedIn, SignInFailed, AccountLocked, AccountUnlocked, AccountDisabled, EnterpriseAdminDemoted]
SESSION_EVENTS: Events = [SessionStarted, SessionRefreshed, SignedOut, SessionRevoked]
SERVICE_ACCOUNT_EVENTS: Events = [ServiceAccountCreated, ServiceAccountScopesChanged, ServiceAccountSecretRotated,
                                  ServiceAccountRemoved, ClientTokenIssued, ClientAuthenticationFailed]

registry = EventRegistry().register_all([*ACCOUNT_EVENTS, *SESSION_EVENTS, *SERVICE_ACCOUNT_EVENTS])

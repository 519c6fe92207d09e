"""What the identity routes answer, as models (the OpenAPI document states them; FastAPI checks
every answer against them). Read-model rows as the queries return them (projections/queries.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.identity.domain.codes import AccountKind, AccountState


class SessionTokens(Record):
    """登录成功: an access token for every service's API and the session's refresh token."""

    password_change_required: Literal[False] = False
    token_type: Literal["Bearer"] = "Bearer"
    access_token: str = Field(description="访问令牌: 请求头 Authorization: Bearer <访问令牌>")
    expires_in: int = Field(description="访问令牌有效秒数")
    refresh_token: str = Field(description="刷新令牌: 换取新的令牌对, 每个只能用一次")
    refresh_expires_in: int = Field(description="刷新令牌有效秒数 (会话结束时间)")
    session_id: str
    account_id: str


class PasswordChangeRequired(Record):
    """初始密码须先修改: only a token for POST /password."""

    password_change_required: Literal[True] = True
    password_change_token: str = Field(description="仅用于 POST /password 的令牌 (Authorization: Bearer …)")
    expires_in: int
    account_id: str


class SignedOut(Record):
    """The same answer whether or not the token named an open session (RFC 7009 §2.2)."""

    signed_out: bool = True


class Me(Record):
    """Who the bearer token says its holder is, and (if one) the account behind it now."""

    account_id: str
    enterprise_id: str | None
    roles: list[str]
    jurisdiction: list[str]
    scopes: list[str]
    session_id: str | None
    kind: AccountKind | None = Field(None, description="账号类别; 本服务没有该账号时为空 (如运维令牌)")
    name: str | None = None
    state: AccountState | None = None
    must_change: bool | None = None
    last_sign_in_at: Timestamp | None = None


class PasswordPolicy(Record):
    min_length: int
    max_length: int
    rules: list[str] = Field(description="规则 (中文)")


class Session(Record):
    id: str
    account_id: str
    address: str = Field(description="登录时的网络地址")
    started_at: Timestamp
    expires_at: Timestamp
    refreshed_at: Timestamp | None
    generation: int = Field(description="刷新令牌已轮换到第几代")
    ended: str | None = Field(description="结束原因; 空: 仍有效 (到 expires_at 为止)")
    ended_at: Timestamp | None


class PasswordChanged(Record):
    changed: bool = True
    message: str = "密码已修改，所有登录已退出，请用新密码重新登录"


class ClientToken(Record):
    """接口令牌 (client credentials): an access token only, no refresh token."""

    token_type: Literal["Bearer"] = "Bearer"
    access_token: str
    expires_in: int
    scope: str = Field(description="权限范围, 空格分隔")


class Account(Record):
    id: str
    kind: AccountKind
    name: str | None
    mobile: str | None
    roles: list[str]
    left: bool = Field(description="人员已离职")
    state: AccountState
    locked_at: Timestamp | None
    locked_until: Timestamp | None = Field(description="锁定至; 已锁定而为空: 须管理员解锁")
    failures_in_a_row: int
    must_change: bool
    last_sign_in_at: Timestamp | None
    password_set_at: Timestamp | None
    version: int = Field(description="账号版本; 0: 尚未开通 (目录中的人员刚登记)")


class Regulator(Record):
    id: str
    name: str | None
    mobile: str | None
    jurisdiction: list[str]
    state: AccountState
    locked_at: Timestamp | None
    locked_until: Timestamp | None
    failures_in_a_row: int
    must_change: bool
    last_sign_in_at: Timestamp | None
    password_set_at: Timestamp | None
    created_at: Timestamp | None
    version: int


class EnterpriseAdmin(Record):
    id: str
    enterprise_id: str
    name: str
    mobile: str
    state: AccountState


class ServiceAccount(Record):
    id: str
    client_id: str = Field(description="接口调用方编号 (client_id)")
    enterprise_id: str
    name: str
    scopes: list[str]
    removed: bool
    last_used_at: Timestamp | None
    created_at: Timestamp | None
    updated_at: Timestamp | None
    version: int


class ServiceAccountWithSecret(ServiceAccount):
    client_secret: str = Field(description="接口密钥: 只显示这一次, 请妥善保存")


AccountPage = Page[Account]
RegulatorPage = Page[Regulator]
ServiceAccountPage = Page[ServiceAccount]
SessionPage = Page[Session]

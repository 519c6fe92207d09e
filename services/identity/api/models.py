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
    session_id: str
    signed_out: bool = True


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

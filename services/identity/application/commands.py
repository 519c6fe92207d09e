"""Commands of the identity service; each is also its HTTP body.

A password is taken as typed: not trimmed (a space is a character of it), bounded (every sign-in
hashes what it is given). A mobile number is the sign-in name.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from libs.commands import AggregateCommand, Command, EnterpriseCommand, Guarded
from libs.names import Name
from services.identity.domain.codes import AccountKind
from services.identity.domain.rules import MAX_PASSWORD, POLICY_PATTERN

Password = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=MAX_PASSWORD)]
# A password being set: the policy (domain/rules.py) as the document states it. Checked by the
# domain, which names the field and the rule in Chinese (and also refuses the holder's mobile).
NewPassword = Annotated[Password, Field(json_schema_extra={"pattern": POLICY_PATTERN})]
Mobile = Annotated[str, StringConstraints(min_length=1, max_length=11)]
NewMobile = Annotated[str, StringConstraints(pattern=r"^1[3-9][0-9]{9}$")]  # a new sign-in name: a mainland mobile
Token = Annotated[str, StringConstraints(min_length=1, max_length=4096)]
EnterpriseId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Scope = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}:read$")]  # `<service>:read`


# ---- signing in (no token yet) -----------------------------------------------------------------

class SignIn(Command):
    mobile: Mobile = Field(..., description="手机号（登录名）")
    password: Password = Field(..., description="密码")
    enterprise_id: EnterpriseId | None = Field(
        None, description="企业; 同一手机号在多家企业有账号时须选择 (监管人员不填)")
    kind: AccountKind | None = Field(
        None, description="账号类别; 同一手机号有多种账号 (如企业人员与监管人员) 时须选择")


class RefreshTokens(Command):
    refresh_token: Token = Field(..., description="登录或上次刷新时得到的刷新令牌 (每个只能用一次)")


class SignOut(Command):
    refresh_token: Token = Field(..., description="要结束的会话的刷新令牌")


class ChangePassword(Command):
    old_password: Password = Field(..., description="当前密码")
    new_password: NewPassword = Field(..., description="新密码: 至少8位, 同时包含字母和数字, 不能包含本人手机号")


class ClientCredentials(Command):
    client_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(..., description="接口调用方编号")
    client_secret: Token = Field(..., description="接口密钥 (创建或更换时显示一次)")


# ---- an enterprise's accounts (its administrators) ---------------------------------------------

class SetInitialPassword(AggregateCommand):
    password: NewPassword = Field(..., description="初始密码: 本人首次登录时须修改")


class UnlockAccount(AggregateCommand):
    pass


class AppointEnterpriseAdmin(EnterpriseCommand):
    name: Name = Field(..., min_length=1, max_length=50, description="姓名")
    mobile: NewMobile = Field(..., description="手机号（登录名）")
    password: NewPassword = Field(..., description="初始密码: 首次登录时须修改")


class DemoteEnterpriseAdmin(AggregateCommand):
    pass


class CreateServiceAccount(EnterpriseCommand):
    name: Name = Field(..., min_length=1, max_length=100, description="接口调用方名称")
    scopes: list[Scope] = Field(..., min_length=1, max_length=20, description="可读的服务, 如 risk_registry:read")


class ChangeScopes(Guarded):
    scopes: list[Scope] = Field(..., min_length=1, max_length=20)


class RotateSecret(AggregateCommand):
    pass


class RemoveServiceAccount(AggregateCommand):
    pass


# ---- the platform's accounts (its administrator) -----------------------------------------------

class CreateEnterpriseAdmin(Command):
    enterprise_id: EnterpriseId = Field(..., description="企业")
    name: Name = Field(..., min_length=1, max_length=50, description="姓名")
    mobile: NewMobile = Field(..., description="手机号（登录名）")
    password: NewPassword = Field(..., description="初始密码: 首次登录时须修改")


class CreateRegulator(Command):
    name: Name = Field(..., min_length=1, max_length=50, description="姓名")
    mobile: NewMobile = Field(..., description="手机号（登录名）")
    jurisdiction: list[EnterpriseId] = Field(..., min_length=1, max_length=10_000, description="辖区企业")
    password: NewPassword = Field(..., description="初始密码: 首次登录时须修改")


class ChangeJurisdiction(Command):
    jurisdiction: list[EnterpriseId] = Field(..., min_length=1, max_length=10_000, description="辖区企业 (整体替换)")
    expected_version: int | None = Field(None, ge=0, description="乐观锁: 客户端读到的版本号; 不一致时返回409")


class ResetPassword(Command):
    password: NewPassword = Field(..., description="新的初始密码: 首次登录时须修改")


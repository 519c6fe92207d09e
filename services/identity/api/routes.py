"""HTTP for signing in (no token yet, or only the one being spent): sign in, refresh, sign out,
change one's own password, and an integrator's client credentials.

    POST /sign-in {mobile, password}                → tokens, or "change the password first"
    POST /password {old_password, new_password}     (Authorization: Bearer <access or change token>)
    POST /token/refresh {refresh_token}             → the next pair (the one given is spent)
    POST /sign-out {refresh_token}
    GET  /me                                        (Authorization: Bearer <access token>)
    POST /token/client-credentials {client_id, client_secret}   → an access token only
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from libs.auth import Principal, current_principal
from libs.errors import Unauthorized
from libs.labels import CodeTablesOut, tables_body
from libs.openapi import ErrorBody, errors
from services.identity.api import models as m
from services.identity.api.deps import correlation_id, identity
from services.identity.api.labels import TABLES
from services.identity.api.source_address import source_address
from services.identity.application import commands as c
from services.identity.application import integrators, own_password, sessions, signing_in
from services.identity.application.handlers import Identity
from services.identity.domain.rules import MAX_PASSWORD, MIN_PASSWORD

router = APIRouter(tags=["登录"])
_TABLES = tables_body(TABLES)
# Retry-After: the seconds until an attempt can succeed again, by the service's clock.
_RETRY_AFTER = {"Retry-After": {"description": "多少秒后可再试", "schema": {"type": "integer", "minimum": 1}}}
THROTTLED = {429: {"model": ErrorBody, "description": "该网络地址失败次数过多, 稍后再试", "headers": _RETRY_AFTER}}
LOCKED = {423: {"model": ErrorBody, "headers": _RETRY_AFTER,
                "description": "账号已锁定; 自动解锁的, Retry-After 为剩余秒数 (须管理员解锁的则没有)"}}


def _tokens(signed: signing_in.SessionTokens) -> m.SessionTokens:
    return m.SessionTokens(access_token=signed.access.token, expires_in=signed.access.expires_in,
                           refresh_token=signed.refresh.token, refresh_expires_in=signed.refresh.expires_in,
                           session_id=signed.session_id, account_id=signed.account_id)


@router.post("/sign-in", summary="登录 (手机号 + 密码)", response_model=m.SessionTokens | m.PasswordChangeRequired,
             responses={**errors(401, 409, 422), **THROTTLED},
             description="成功: 访问令牌与刷新令牌。初始密码: password_change_required 为 true, "
                         "只给出修改密码用的令牌。手机号不存在、密码错误、账号锁定或停用时回答相同 (401)。"
                         "同一手机号有多种账号而未填 kind 时, 密码正确则回答 409 (account_kind_required), "
                         "列出可选类别。")
async def sign_in(cmd: c.SignIn, request: Request, deps: Identity = Depends(identity)):
    signed = await signing_in.sign_in(cmd, deps, source_address(request), correlation_id(request))
    if isinstance(signed, signing_in.ChangeFirst):
        return m.PasswordChangeRequired(password_change_token=signed.token.token, expires_in=signed.token.expires_in,
                                        account_id=signed.account_id)
    return _tokens(signed)


@router.post("/token/refresh", summary="刷新令牌 (轮换: 旧的刷新令牌随即作废)", response_model=m.SessionTokens,
             responses=errors(401, 422),
             description="已用过的刷新令牌再次出现时, 整个会话被撤销 (可能被盗用), 须重新登录。")
async def refresh(cmd: c.RefreshTokens, request: Request, deps: Identity = Depends(identity)):
    return _tokens(await sessions.refresh(cmd, deps, correlation_id(request)))


@router.post("/sign-out", summary="退出登录 (结束刷新令牌所属的会话)", response_model=m.SignedOut,
             responses=errors(422),
             description="令牌无效或会话已结束时同样回答成功 (RFC 7009): 目的已达到, 也不透露令牌是否有效。")
async def sign_out(cmd: c.SignOut, request: Request, deps: Identity = Depends(identity)):
    await sessions.sign_out(cmd, deps, correlation_id(request))
    return m.SignedOut()


def bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("缺少身份令牌（请求头 Authorization: Bearer <令牌>）")
    return token.strip()


@router.post("/password", summary="修改本人密码 (须提供旧密码)", response_model=m.PasswordChanged,
             responses={**errors(401, 409, 422), **LOCKED},
             description="Authorization: Bearer <访问令牌, 或登录时得到的修改密码令牌>。成功后本账号所有登录均退出。"
                         "账号锁定时回答 423。")
async def change_password(cmd: c.ChangePassword, request: Request, deps: Identity = Depends(identity)):
    await own_password.change_password(cmd, deps, bearer(request), source_address(request), correlation_id(request))
    return m.PasswordChanged()


@router.get("/me", summary="当前登录者 (访问令牌所代表的账号)", response_model=m.Me, responses=errors(401))
async def me(principal: Principal = Depends(current_principal), deps: Identity = Depends(identity)):
    answer = m.Me(account_id=principal.person_id, enterprise_id=principal.enterprise_id,
                  roles=sorted(principal.roles), jurisdiction=sorted(principal.jurisdiction),
                  scopes=sorted(principal.scopes), session_id=principal.session_id)
    found = await deps.accounts.find(principal.person_id)
    if found is not None:
        person = await deps.directory.person(found.id)
        answer.kind, answer.state = found.kind, found.state(deps.clock.now())
        answer.name = person.name if person else found.name
        answer.must_change, answer.last_sign_in_at = found.must_change, found.last_sign_in_at
    return answer


@router.get("/password-policy", summary="密码规则 (设置或修改密码前可先展示)", response_model=m.PasswordPolicy)
async def password_policy():
    return m.PasswordPolicy(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD, rules=[
        f"至少{MIN_PASSWORD}位, 至多{MAX_PASSWORD}位", "须同时包含字母和数字", "不能包含本人的手机号",
        "初始密码 (管理员设置的) 须在首次登录时修改"])


@router.get("/code-tables", tags=["代码表"], response_model=CodeTablesOut, responses=errors(401),
            dependencies=[Depends(current_principal)],
            summary="代码表: 账号类别、账号状态、会话结束原因、停用原因、系统角色 (登录即可查)")
async def code_tables() -> dict:
    return _TABLES


@router.post("/token/client-credentials", tags=["接口调用方"], summary="接口调用方取令牌 (client credentials)",
             response_model=m.ClientToken, responses={**errors(401, 422), **THROTTLED},
             description="只发访问令牌 (角色 integrator, 权限范围 scp), 不发刷新令牌。")
async def client_credentials(cmd: c.ClientCredentials, request: Request, deps: Identity = Depends(identity)):
    issued = await integrators.client_credentials(cmd, deps, source_address(request), correlation_id(request))
    account = await deps.service_accounts.get(cmd.client_id)
    return m.ClientToken(access_token=issued.token, expires_in=issued.expires_in, scope=" ".join(account.scopes))

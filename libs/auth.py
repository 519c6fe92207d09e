"""Bearer tokens (JWT) and the one place where tenant scope is enforced.

A token names the person (`sub`), their enterprise (`ent`), their roles, and for a regulator
the enterprises of their jurisdiction (`jur`). Enterprise-scoped routes live under
`/enterprises/{enterprise_id}/…`; `enterprise_scope` guards all of them at router level:
members of the enterprise read and (with a writing role) write; a regulator reads within
jurisdiction and never writes; nobody else gets in.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel

from libs.config import Settings, get_settings
from libs.errors import Forbidden, NotFound, Unauthorized, Unavailable

log = logging.getLogger(__name__)
ISSUER = "shuangkong"
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


class Role(StrEnum):
    """Roles in the enterprise (DOMAIN.md §2), plus the operator and the regulator."""

    PRINCIPAL = "principal"  # 主要负责人
    TECHNICAL_HEAD = "technical_head"  # 技术负责人
    OPERATIONS_HEAD = "operations_head"  # 操作负责人
    SAFETY_OFFICER = "safety_officer"  # 安全管理员
    DEPARTMENT_HEAD = "department_head"  # 部门负责人
    TEAM_LEADER = "team_leader"  # 班组长
    WORKER = "worker"  # 岗位员工
    ENTERPRISE_ADMIN = "enterprise_admin"  # 企业系统管理员
    REGULATOR = "regulator"  # 应急管理部门 (read-only, within jurisdiction)
    PLATFORM_ADMIN = "platform_admin"  # 平台运维: registers enterprises, sees no tenant data


# The duties a person holds in an enterprise (DOMAIN.md §2), as the directory records them on
# each person (its `PersonRole` names exactly these); the other roles are the system's own.
DUTY_ROLES = (Role.PRINCIPAL, Role.TECHNICAL_HEAD, Role.OPERATIONS_HEAD, Role.SAFETY_OFFICER,
              Role.DEPARTMENT_HEAD, Role.TEAM_LEADER, Role.WORKER)

# The one table of role labels: the directory's duty roles read theirs from here.
ROLE_LABELS = {
    Role.PRINCIPAL: "主要负责人", Role.TECHNICAL_HEAD: "技术负责人", Role.OPERATIONS_HEAD: "操作负责人",
    Role.SAFETY_OFFICER: "安全管理员", Role.DEPARTMENT_HEAD: "部门负责人", Role.TEAM_LEADER: "班组长",
    Role.WORKER: "岗位员工", Role.ENTERPRISE_ADMIN: "企业管理员", Role.REGULATOR: "监管人员",
    Role.PLATFORM_ADMIN: "平台管理员",
}


class Principal(BaseModel):
    person_id: str
    enterprise_id: str | None = None
    roles: frozenset[Role] = frozenset()
    jurisdiction: frozenset[str] = frozenset()

    def has_any(self, roles: Iterable[Role]) -> bool:
        return bool(self.roles & set(roles))

    def can_read(self, enterprise_id: str) -> bool:
        if Role.REGULATOR in self.roles:
            return enterprise_id in self.jurisdiction
        return self.enterprise_id == enterprise_id

    def can_write(self, enterprise_id: str) -> bool:
        return Role.REGULATOR not in self.roles and self.enterprise_id == enterprise_id


def issue_token(settings: Settings, *, person_id: str, enterprise_id: str | None, roles: Iterable[str],
                jurisdiction: Iterable[str] = (), ttl: timedelta = timedelta(hours=12)) -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": ISSUER, "sub": person_id, "roles": sorted(Role(r).value for r in roles),
        "iat": now, "exp": now + ttl,
    }
    if enterprise_id:
        claims["ent"] = enterprise_id
    if jurisdiction:
        claims["jur"] = sorted(jurisdiction)
    return jwt.encode(claims, settings.signing_key(), algorithm=settings.jwt_algorithm)


def decode_token(settings: Settings, token: str) -> Principal:
    """The token's principal, or a refusal that says what a user can act on and nothing of the
    decoder's reasons or of the configuration (those go to the log)."""
    try:
        key = settings.signing_key()
    except ValueError as exc:
        log.error("cannot check bearer tokens: %s", exc)
        raise Unavailable("身份认证暂不可用（服务配置不完整），请联系系统管理员") from exc
    try:
        claims = jwt.decode(token, key, algorithms=[settings.jwt_algorithm],
                            issuer=ISSUER, options={"require": ["sub", "exp"]})
        return Principal(
            person_id=claims["sub"],
            enterprise_id=claims.get("ent"),
            roles=frozenset(Role(r) for r in claims.get("roles", [])),
            jurisdiction=frozenset(claims.get("jur", [])),
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("令牌已过期，请重新登录") from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        log.debug("refused a bearer token: %r", exc)
        raise Unauthorized("令牌无效，请重新登录") from exc


async def current_principal(request: Request) -> Principal:
    # The guards are `async def` although they do no I/O: FastAPI runs a plain `def` dependency
    # in a thread pool, and that hop (GIL hand-over included) cost milliseconds per request.
    # The app's own settings (what it was built with), not whatever the environment says now.
    settings = getattr(request.app.state, "settings", None) or get_settings()
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("缺少身份令牌（请求头 Authorization: Bearer <令牌>）")
    principal = decode_token(settings, token.strip())
    request.state.principal = principal
    return principal


EnterpriseExists = Callable[[str], Awaitable[bool]]


async def enterprise_scope(request: Request, principal: Principal = Depends(current_principal)) -> Principal:
    """Router-level guard for `/enterprises/{enterprise_id}/…`.

    A platform admin sees no tenant data, but may learn whether an enterprise exists (they
    register them): an unknown one is 404 for them. Everyone else outside the enterprise gets
    403 either way, so ids of other tenants cannot be probed. A service says how it knows an
    enterprise in `app.state.enterprise_exists`; without it the answer stays 403."""
    enterprise_id = request.path_params.get("enterprise_id")
    if enterprise_id is None:
        return principal
    if Role.PLATFORM_ADMIN in principal.roles and not principal.can_read(enterprise_id):
        exists: EnterpriseExists | None = getattr(request.app.state, "enterprise_exists", None)
        if exists is not None and not await exists(enterprise_id):
            raise NotFound("企业不存在", field="enterprise_id")
    if request.method in _READ_METHODS:
        if not principal.can_read(enterprise_id):
            raise Forbidden("无权查看该企业的数据")
    elif not principal.can_write(enterprise_id):
        raise Forbidden("无权修改该企业的数据")
    return principal


def require_roles(*roles: Role):
    """Dependency: the principal holds one of `roles`."""

    async def check(principal: Principal = Depends(current_principal)) -> Principal:
        if not principal.has_any(roles):
            labels = "、".join(ROLE_LABELS[r] for r in roles)
            raise Forbidden(f"需要以下角色之一: {labels}")
        return principal

    return check

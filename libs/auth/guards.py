"""The FastAPI dependencies that let a request in: a verified token, the tenant guard of every
`/enterprises/{enterprise_id}/…` route, and role and scope checks.

An integrator (a service account) never writes, on any route: `current_principal` refuses it
every method but a read. Within an enterprise it reads only what its grant lists (`jur`), and
only from a service whose read scope (`<service>:read`) it holds; `require_scope` narrows a route
further.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Request

from libs.auth.principal import Principal
from libs.auth.roles import ROLE_LABELS, Role
from libs.auth.tokens import authenticate
from libs.config import get_settings
from libs.errors import Forbidden, NotFound, Unauthorized

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def current_principal(request: Request) -> Principal:
    # The guards are `async def` although they do no I/O: FastAPI runs a plain `def` dependency
    # in a thread pool, and that hop (GIL hand-over included) cost milliseconds per request.
    # The app's own settings (what it was built with), not whatever the environment says now.
    settings = getattr(request.app.state, "settings", None) or get_settings()
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("缺少身份令牌（请求头 Authorization: Bearer <令牌>）")
    principal = await authenticate(settings, token.strip())
    request.state.principal = principal
    if principal.is_integrator and request.method not in READ_METHODS:
        raise Forbidden("接口调用方只能读取数据")
    return principal


EnterpriseExists = Callable[[str], Awaitable[bool]]


def read_scope(app: FastAPI) -> str | None:
    """The scope an integrator needs to read this service's enterprise data: named after the
    service, so libs keeps no list of them. None (no service named): no integrator reads here."""
    service = getattr(app.state, "service", None)
    return f"{service}:read" if service else None


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
    if request.method in READ_METHODS:
        if not principal.can_read(enterprise_id):
            raise Forbidden("无权查看该企业的数据")
        if principal.is_integrator:
            _holds(principal, read_scope(request.app))
    elif not principal.can_write(enterprise_id):
        raise Forbidden("无权修改该企业的数据")
    return principal


def _holds(principal: Principal, scope: str | None) -> None:
    if scope is None or scope not in principal.scopes:
        raise Forbidden(f"接口调用方缺少权限范围: {scope or '（本服务不向接口调用方开放）'}")


def require_roles(*roles: Role):
    """Dependency: the principal holds one of `roles`."""

    async def check(principal: Principal = Depends(current_principal)) -> Principal:
        if not principal.has_any(roles):
            labels = "、".join(ROLE_LABELS[r] for r in roles)
            raise Forbidden(f"需要以下角色之一: {labels}")
        return principal

    return check


def require_scope(scope: str):
    """Dependency: an integrator holds `scope` (e.g. `risk:read` on a route of risk data). A person
    passes: their roles say what they may do; scopes narrow a service account."""

    async def check(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.is_integrator:
            _holds(principal, scope)
        return principal

    return check

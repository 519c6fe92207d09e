"""The command context of an HTTP request, as one FastAPI dependency: who acts (holding one of
the roles the route names), for which enterprise (the `{enterprise_id}` of the path, which the
tenant guard has already checked), tied to earlier work by `X-Correlation-Id`."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from libs.auth import Principal, Role, current_principal, require_roles
from libs.repository import CommandContext


def acting(*roles: Role) -> Any:
    """`ctx: CommandContext = acting(Role.SAFETY_OFFICER, …)`; with no roles, any signed-in person."""
    guard = require_roles(*roles) if roles else current_principal

    async def context(request: Request, principal: Principal = Depends(guard)) -> CommandContext:
        return CommandContext.of(principal, request.path_params.get("enterprise_id"),
                                 request.headers.get("x-correlation-id"))

    return Depends(context)

"""What every identity route takes from the app: the handlers' dependencies and the queries."""

from __future__ import annotations

import uuid

from fastapi import Request

from services.identity.application.handlers import Identity
from services.identity.bootstrap import Wired


async def identity(request: Request) -> Identity:
    return request.app.state.identity.identity


async def wired(request: Request) -> Wired:
    return request.app.state.identity


def correlation_id(request: Request) -> str:
    return request.headers.get("x-correlation-id") or str(uuid.uuid4())

"""What each platform answers, as bodies (GOV-INTERFACE.md, "Envelope, crypto, auth"): the park's
`{code, msg, data}` (a business code that may differ from the HTTP status: 421 inside a 200) and the
uploader's `{requestId, success, code, state, data: {msg, code, data: [{id, msg}]}}`."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse


def park(status: int, code: int, msg: str, data: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "msg": msg, "data": data}, status_code=status, headers=headers)


def uploader(status: int, success: bool, code: str, msg: str, refused: list[dict[str, str]] | None = None,
             data: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    inner_code = "500" if refused else code
    inner = {"msg": msg, "code": inner_code, "data": refused if refused is not None else data}
    body = {"requestId": uuid.uuid4().hex, "success": success, "code": code, "state": code, "data": inner}
    return JSONResponse(body, status_code=status, headers=headers)

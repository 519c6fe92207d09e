"""Errors that become HTTP answers with one stable JSON shape: `{code, message, field}`."""

from __future__ import annotations

from starlette.responses import JSONResponse


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Sent with the answer: `Retry-After` on a 429 or a 423, say (RFC 9110 §10.2.3).
        self.headers = headers
        if code:
            self.code = code


class Unauthorized(AppError):
    status, code = 401, "unauthorized"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class NotFound(AppError):
    status, code = 404, "not_found"


class Conflict(AppError):
    status, code = 409, "conflict"


class Unavailable(AppError):
    status, code = 503, "unavailable"


def error(status: int, code: str, message: str, field: str | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    """The answer itself, for what refuses a request without raising (the HTTP edge, the gateway)."""
    return JSONResponse({"code": code, "message": message, "field": field}, status_code=status, headers=headers)


def found(row, what: str, field: str | None = None):
    """`row`, or a 404 saying which kind of thing does not exist (and, given, which field named it)."""
    if row is None:
        raise NotFound(f"{what}不存在", field=field)
    return row

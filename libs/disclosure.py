"""Personal details (a person's mobile number …): who may see them, and masking for the rest.

A person's details are seen by those who oversee everyone (`OVERSIGHT`: safety officers,
enterprise admins, the principal at the top of every line, and regulators, who receive the
responsible persons' phones through the government platforms anyway), by the person, and by
their line (their team leader, their department head); the service says who is in whose line.
Anyone else gets them masked (`139****0001`), so a worker's list of colleagues is no phone book.

A personal field is `mobile` (its owner is the row's `person_id`, else its `id`) or
`<who>_mobile` (owner `<who>_id`); a field whose owner cannot be told is masked. `Disclosure`
is a response view (libs/views.py); exports pass their rows through the same view.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

from libs.auth import Principal, Role

OVERSIGHT = frozenset({Role.SAFETY_OFFICER, Role.ENTERPRISE_ADMIN, Role.PRINCIPAL, Role.REGULATOR})
PERSONAL = ("mobile",)
_SUFFIXES = tuple(f"_{name}" for name in PERSONAL)

# Of these people, the ids that `principal` (a line manager) may see in `enterprise_id`.
LineOf = Callable[[Principal, str, set[str]], Awaitable[set[str]]]


async def nobody(_principal: Principal, _enterprise_id: str, _people: set[str]) -> set[str]:
    return set()


def sees_everyone(principal: Principal) -> bool:
    return principal.has_any(OVERSIGHT)


def mask(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    return value[:3] + "****" + value[-4:] if len(value) >= 8 else "****"


def _owner(row: dict[str, Any], key: str) -> Any:
    if key in PERSONAL:
        return row.get("person_id", row.get("id"))
    return row.get(key.rsplit("_", 1)[0] + "_id")


def _personal(body: Any) -> list[tuple[dict[str, Any], str, Any]]:
    """(row, field, owner) of every personal field anywhere in `body`."""
    found, stack = [], [body]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
            continue
        for key, value in node.items():
            if isinstance(value, dict | list):
                stack.append(value)
            elif key in PERSONAL or key.endswith(_SUFFIXES):
                found.append((node, key, _owner(node, key)))
    return found


async def disclose(body: Any, principal: Principal | None, enterprise_id: str | None, line_of: LineOf) -> Any:
    """`body` with every personal field the principal may not see masked (in place)."""
    if principal is not None and sees_everyone(principal):
        return body
    found = _personal(body)
    if not found:
        return body
    visible: set[Any] = set()
    if principal is not None:
        owners = {owner for _, _, owner in found if isinstance(owner, str)}
        visible = {principal.person_id} | (await line_of(principal, enterprise_id, owners) if enterprise_id else set())
    for row, key, owner in found:
        if owner is None or owner not in visible:
            row[key] = mask(row[key])
    return body


class Disclosure:
    """The response view: masks what the caller may not see."""

    def __init__(self, line_of: LineOf = nobody) -> None:
        self._line_of = line_of

    @staticmethod
    def wants(raw: bytes) -> bool:
        return any(f'{name}"'.encode() in raw for name in PERSONAL)

    async def rows(self, request: Request, rows: Any) -> Any:
        principal = getattr(request.state, "principal", None)
        return await disclose(rows, principal, request.path_params.get("enterprise_id"), self._line_of)

    async def __call__(self, body: Any, request: Request) -> Any:
        return await self.rows(request, body)

"""The audit service's routes a regulator reads, over HTTP, each answer parsed into what the checks
use (services/audit/over_api.py). An answer that is not 200, or a 200 that is not what the route
promises, is `ApiRefused` with a Chinese message — never a traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote
from uuid import UUID

import httpx

from services.audit.domain.heads import TreeHead
from services.audit.domain.served_checks import ServedProof
from services.audit.witness import HeadsUnreadable, heads_from_lines


class ApiRefused(RuntimeError):
    """The service did not answer what was asked (the message says what, in Chinese)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class AuditApi:
    """The audit service's routes a regulator reads, for one enterprise."""

    def __init__(self, client: httpx.AsyncClient, enterprise_id: str) -> None:
        self._client, self._base = client, f"/enterprises/{quote(enterprise_id, safe='')}"

    async def _get(self, path: str, **params) -> httpx.Response:
        try:
            answer = await self._client.get(self._base + path, params=params or None)
        except httpx.HTTPError as exc:
            raise ApiRefused(0, f"无法访问审计服务 ({path}): {exc}") from exc
        if answer.status_code != 200:
            try:
                message = answer.json().get("message", answer.text)
            except ValueError:
                message = answer.text
            raise ApiRefused(answer.status_code, f"审计服务拒绝了 {path} (HTTP {answer.status_code}): {message}")
        return answer

    async def heads(self) -> list[TreeHead]:
        text = (await self._get("/tree-heads/export")).text
        try:
            return heads_from_lines(text, "审计服务导出的树头")
        except HeadsUnreadable as exc:
            raise ApiRefused(200, f"审计服务的回答无法解析 (/tree-heads/export): {exc}") from exc

    async def consistency(self, first: int, second: int) -> ServedProof:
        path = f"/consistency/{first}/{second}"
        body = (await self._get(path)).content
        with _parsing(path):
            answer = json.loads(body)
            return ServedProof(bytes.fromhex(answer["first_root"]), bytes.fromhex(answer["second_root"]),
                               [bytes.fromhex(h) for h in answer["proof"]])

    async def recent_entries(self, limit: int) -> list[ShownEntry]:
        if not limit:
            return []
        body = (await self._get("/entries", limit=limit)).content
        with _parsing("/entries"):
            return [ShownEntry(UUID(str(e["event_id"])), str(e["subject"]), _integer(e["chain_seq"]), str(e["hash"]))
                    for e in json.loads(body)["items"]]

    async def inclusion(self, event_id: UUID, tree_size: int) -> tuple[int, list[bytes]]:
        """(leaf index, audit path) of the entry under the head of `tree_size`."""
        path = f"/entries/{event_id}/inclusion/{tree_size}"
        body = (await self._get(path)).content
        with _parsing(path):
            answer = json.loads(body)
            return _integer(answer["leaf_index"]), [bytes.fromhex(h) for h in answer["audit_path"]]

    async def verification(self) -> dict:
        body = (await self._get("/verify")).content
        with _parsing("/verify"):
            answer = json.loads(body)
            if not isinstance(answer, dict) or not isinstance(answer["ok"], bool) \
                    or not isinstance(answer.get("broken") or {}, dict):
                raise TypeError(f"not a verification: {answer!r:.80}")
            return answer


@dataclass(frozen=True)
class ShownEntry:
    """An entry as the service lists it: what its leaf is recomputed from."""

    event_id: UUID
    subject: str
    chain_seq: int
    hash: str


@contextmanager
def _parsing(path: str) -> Iterator[None]:
    """An answer of 200 that is not what the route promises (not JSON, a list for an object, a field
    missing, hex that is not) is refused as such, not a traceback."""
    try:
        yield
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise ApiRefused(200, f"审计服务的回答无法解析 ({path}): {exc!r}") from exc


def _integer(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"not an integer: {value!r}")
    return value

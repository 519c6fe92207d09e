"""One receiving platform of a dialect (park, uploader, provincial) as a Starlette app: Basic auth,
the envelope opened by the reference implementation (envelope.py), the dialect's field rules
(tables.py), its refusal behaviour, what it holds (latest per id, the deleted flag), its listing
with the one-query-per-interval limit, and faults a test asks for.

The order of checks is the park's (a Spring controller): authentication, decryption, JSON binding
(a badly formatted time stops the whole batch at the first error), bean validation (every
violation), then the insert (a photo over its column fails it)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.integration.gov_sync.receivers import replies
from tests.integration.gov_sync.receivers.envelope import Undecryptable, open_batch
from tests.integration.gov_sync.receivers.rules import TIME, Fault, Table, parse_time
from tests.integration.gov_sync.receivers.tables import (
    PARK_PHOTO_COLUMN_CHARS,
    PARK_PHOTO_COLUMNS,
    PARK_TABLES,
    PROVINCIAL_TABLES,
    UPLOADER_TABLES,
)

Dialect = Literal["park", "uploader", "provincial"]
PREFIX = {"park": "/api/wwyt", "uploader": "/api/sync/data", "provincial": "/api/sync/data"}
TABLES = {"park": PARK_TABLES, "uploader": UPLOADER_TABLES, "provincial": PROVINCIAL_TABLES}
QUERY_INTERVAL_S = 180.0  # "list queries limited to one per 3 minutes"


@dataclass
class Held:
    """The latest record accepted for an id, and by whom (the park's Basic username)."""

    record: dict[str, Any]
    created_by: str
    updated_by: str
    versions: int = 1

    @property
    def deleted(self) -> bool:
        return str(self.record.get("deleted", "0")) == "1"


@dataclass
class Call:
    """One upload as the platform saw it: the decrypted records (empty when it could not open them)
    and what it answered."""

    table: str
    user: str
    records: list[dict[str, Any]]
    status: int
    body: dict[str, Any]


@dataclass
class GovReceiver:
    dialect: Dialect
    key: str
    credentials: tuple[str, str] | None
    now: Callable[[], float]  # seconds, the test's clock
    check_parents: bool = True  # decisions.md §64: the park itself does not; set False to be it exactly
    query_interval_s: float = QUERY_INTERVAL_S
    hang_s: float = 30.0
    url: str = ""
    other_logins: dict[str, str] = field(default_factory=dict)  # more Basic users → passwords
    ca_file: str | None = None  # set when served over TLS: the test CA that signed its certificate
    held: dict[str, dict[str, Held]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    stale_writes: list[tuple[str, str]] = field(default_factory=list)  # (table, id) an older version overwrote
    ignored: list[tuple[str, str, str]] = field(default_factory=list)  # (table, id, field) it has no column for
    faults: deque[str] = field(default_factory=deque)
    refusals: dict[str, str] = field(default_factory=dict)  # id → the message it is refused with
    released: asyncio.Event = field(default_factory=asyncio.Event)
    _queried: dict[tuple[str, str], float] = field(default_factory=dict)

    # --- what a test asks of it ---------------------------------------------------------------
    def fail_next(self, *modes: str) -> None:
        """`http_500`/`http_503`/… (that status), `http_429` (rate limited, Retry-After),
        `code_421` (HTTP 200 whose body says 421), `code_429` (HTTP 200, body rate limited), `hang`."""
        self.faults.extend(modes)

    def refuse(self, record_id: str, msg: str = "id 平台拒收该记录") -> None:
        self.refusals[record_id] = msg

    def table(self, name: str) -> dict[str, Held]:
        return self.held.setdefault(name, {})

    def record(self, name: str, record_id: str) -> dict[str, Any] | None:
        found = self.table(name).get(record_id)
        return found.record if found else None

    def uploads(self, name: str) -> list[Call]:
        return [call for call in self.calls if call.table == name]

    @property
    def prefix(self) -> str:
        return PREFIX[self.dialect]

    def path(self, name: str) -> str:
        return f"{self.prefix}/{name}"

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route(self.prefix + "/{table}", self._upload, methods=["POST"]),
            Route(self.prefix + "/{table}", self._list, methods=["GET"]),
            Route(self.prefix + "/{table}/page", self._page, methods=["GET"]),
        ])

    # --- the answers, by dialect -----------------------------------------------------------------
    @property
    def _park(self) -> bool:
        return self.dialect == "park"

    def _answer(self, status: int, code: int, msg: str, *, refused: list[dict[str, str]] | None = None,
                data: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
        if self._park:
            return replies.park(status, code, msg, refused if refused is not None else data, headers)
        return replies.uploader(status, code == 200, str(code), msg, refused, data, headers)

    async def _fault(self) -> Response | None:
        mode = self.faults.popleft() if self.faults else None
        if mode is None:
            return None
        if mode == "hang":
            try:
                await asyncio.wait_for(self.released.wait(), self.hang_s)
            except TimeoutError:
                pass
            return Response("gateway timeout", status_code=504)
        if mode == "http_429":
            return self._answer(429, 429, "请求过于频繁", headers={"Retry-After": "7"})
        if mode == "code_421":
            return self._answer(200, 421, "认证已失效，请重新认证")
        if mode == "code_429":
            return self._answer(200, 429, "请求过于频繁，请稍后再试")
        if mode.startswith("http_"):
            return Response("服务暂不可用", status_code=int(mode.removeprefix("http_")), headers={"Retry-After": "3"})
        raise ValueError(f"unknown fault {mode}")

    def _user(self, request: Request) -> str | Response:
        """The Basic username, or the platform's refusal."""
        if self.credentials is None:
            return ""
        header = request.headers.get("authorization", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic" or not encoded:
            # The park answers a missing or non-Basic header in an HTTP 200 whose body says 421.
            return self._answer(200, 421, "未认证：请使用Basic认证") if self._park else \
                self._answer(401, 401, "未认证：请使用Basic认证")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        if (user, password) != self.credentials and self.other_logins.get(user, None) != password:
            return self._answer(401, 401, "用户名或密码错误")
        return user

    def _tables(self) -> dict[str, Table]:
        return TABLES[self.dialect]

    # --- uploads ---------------------------------------------------------------------------------
    async def _upload(self, request: Request) -> Response:
        name = request.path_params["table"]
        table = self._tables().get(name)
        if table is None:
            return self._answer(404, 404, f"接口不存在：{name}")
        if (failed := await self._fault()) is not None:
            return failed
        user = self._user(request)
        if isinstance(user, Response):
            return user
        body = await request.body()
        try:
            records = open_batch(body, self.key)
        except Undecryptable:
            return self._logged(name, user, [], self._answer(500, 501, "数据体解密失败") if self._park
                                else self._answer(200, 501, "数据体解密失败"))
        answer = self._park_batch(table, user, records) if self._park else self._uploader_batch(table, user, records)
        return self._logged(name, user, records, answer)

    def _logged(self, name: str, user: str, records: list[dict[str, Any]], answer: JSONResponse) -> JSONResponse:
        self.calls.append(Call(name, user, records, answer.status_code, orjson.loads(bytes(answer.body))))
        return answer

    def _faults(self, table: Table, record: dict[str, Any]) -> list[Fault]:
        found = table.faults(record)
        if self.check_parents:
            for parent_field, parent_table in table.parents.items():
                parent = record.get(parent_field)
                if parent not in (None, "") and parent not in self.table(parent_table):
                    found.append((parent_field, f"上级记录不存在：{parent}"))
        if (refusal := self.refusals.get(str(record.get("id")))) is not None:
            found.append(("id", refusal.removeprefix("id ")))
        return found

    def _park_batch(self, table: Table, user: str, records: list[dict[str, Any]]) -> JSONResponse:
        for record in records:  # JSON binding: the first badly formatted time fails everything
            for field_name, reason in table.time_faults(record):
                return self._answer(500, 501, f"{field_name} {reason}")
        refused = [{"uuid": str(record.get("id")), "msg": f"{field_name} {reason}"}
                   for record in records for field_name, reason in self._faults(table, record)]
        if refused:
            return self._answer(400, 400, "数据校验失败", refused=refused)
        for record in records:
            for column in PARK_PHOTO_COLUMNS:
                if len(str(record.get(column) or "")) > PARK_PHOTO_COLUMN_CHARS:
                    return self._answer(500, 500, f"数据保存失败：{column} 超出字段长度")
        for record in records:
            self._keep(table, user, record)
        return self._answer(200, 200, "成功")

    def _uploader_batch(self, table: Table, user: str, records: list[dict[str, Any]]) -> JSONResponse:
        refused: list[dict[str, str]] = []
        for record in records:
            faults = self._faults(table, record)
            if faults:
                refused.extend({"id": str(record.get("id")), "msg": f"{f} {reason}"} for f, reason in faults)
            else:
                self._keep(table, user, record)
        if refused:
            return self._answer(200, 200, "部分数据校验失败", refused=refused)
        return self._answer(200, 200, "成功", data=[])

    def _keep(self, table: Table, user: str, record: dict[str, Any]) -> None:
        """Upsert by id. Fields the table has no column for are dropped, as the platforms' JSON
        binding ignores them (the park's `deleted`, a `checkRecordId` where it reads `recordId`),
        and noted in `ignored` so a test sees what the sender said in vain."""
        name, record_id = table.name, str(record["id"])
        self.ignored.extend((name, record_id, one) for one in sorted(set(record) - table.columns))
        record = {key: value for key, value in record.items() if key in table.columns}
        held = self.table(name).get(record_id)
        if held is None:
            self.table(name)[record_id] = Held(record, user, user)
            return
        before, after = parse_time(held.record.get("updateDate"), TIME), parse_time(record.get("updateDate"), TIME)
        if before is not None and after is not None and after < before:
            self.stale_writes.append((name, record_id))
        held.record, held.updated_by, held.versions = record, user, held.versions + 1

    # --- listings (reconciliation) ---------------------------------------------------------------
    def _query(self, request: Request) -> tuple[str, list[dict[str, Any]]] | Response:
        name = request.path_params["table"]
        if name not in self._tables():
            return self._answer(404, 404, f"接口不存在：{name}")
        user = self._user(request)
        if isinstance(user, Response):
            return user
        now, last = self.now(), self._queried.get((user, name))
        if last is not None and now - last < self.query_interval_s:
            wait = math.ceil(self.query_interval_s - (now - last))
            return self._answer(429, 429, f"查询过于频繁，每{self.query_interval_s / 60:g}分钟只能查询一次",
                                headers={"Retry-After": str(wait)})
        self._queried[(user, name)] = now
        mine = [{**held.record, "createBy": held.created_by, "updateBy": held.updated_by}
                if self._park else dict(held.record)
                for held in self.table(name).values() if not self._park or held.created_by == user]
        return name, mine

    async def _list(self, request: Request) -> Response:
        found = self._query(request)
        if isinstance(found, Response):
            return found
        return self._answer(200, 200, "成功", data=found[1])

    async def _page(self, request: Request) -> Response:
        try:
            number = int(request.query_params.get("pageNum", "1"))
            size = int(request.query_params.get("pageSize", "10"))
        except ValueError:
            return self._answer(400, 400, "pageNum/pageSize 须为整数")
        if number < 1 or size < 1:
            return self._answer(400, 400, "pageNum/pageSize 须大于0")
        found = self._query(request)
        if isinstance(found, Response):
            return found
        rows = found[1]
        page = rows[(number - 1) * size:number * size]
        return self._answer(200, 200, "成功", data={"total": len(rows), "pageNum": number, "pageSize": size,
                                                   "list": page})

"""The fakes behind the identity handlers' ports: the directory (a test says who is registered),
and the read model kept by an inline projection of the in-memory event store, folding each stream
with the aggregates' own `when_…` methods — so a handler test reads what its commands wrote, in
the shapes of the SQL queries (projections/queries.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from libs.aggregate import Aggregate
from libs.events import DomainEvent, RecordedEvent
from libs.inline import Projector
from libs.pagination import PageParams
from services.identity.application.ports import Holder, PersonFacts
from services.identity.domain.account import Account
from services.identity.domain.codes import AccountKind, AccountState
from services.identity.domain.events import registry
from services.identity.domain.service_account import ClientSignIn, ServiceAccount
from services.identity.domain.session import Session

Row = dict[str, Any]
STREAMS: dict[str, type[Aggregate]] = {"account": Account, "session": Session, "serviceaccount": ServiceAccount,
                                       "clientsignin": ClientSignIn}


class InMemoryDirectory:
    def __init__(self) -> None:
        self.people: dict[str, PersonFacts] = {}
        self.enterprises: set[str] = set()

    def register(self, person_id: str, enterprise_id: str, mobile: str, roles: list[str], name: str = "张三") -> None:
        self.enterprises.add(enterprise_id)
        self.people[person_id] = PersonFacts(person_id, enterprise_id, name, mobile, roles)

    def leave(self, person_id: str) -> None:
        p = self.people[person_id]
        self.people[person_id] = PersonFacts(p.person_id, p.enterprise_id, p.name, p.mobile, p.roles, left=True)

    async def person(self, person_id: str) -> PersonFacts | None:
        return self.people.get(person_id)

    async def people_with_mobile(self, mobile: str) -> list[PersonFacts]:
        return [p for p in self.people.values() if p.mobile == mobile and not p.left]

    async def known_enterprises(self, enterprise_ids: list[str]) -> set[str]:
        return self.enterprises & set(enterprise_ids)


class InMemoryReadModel:
    def __init__(self, directory: InMemoryDirectory) -> None:
        self._directory = directory
        self._history: dict[str, list[DomainEvent]] = defaultdict(list)
        self.aggregates: dict[str, Aggregate] = {}  # by stream id
        self.project = Projector(registry, {cls: self._fold for cls in registry.classes()}).run

    def _fold(self, event: DomainEvent, r: RecordedEvent) -> None:
        prefix = r.stream_id.split("-", 1)[0]
        self._history[r.stream_id].append(event)
        self.aggregates[r.stream_id] = STREAMS[prefix].rehydrate(r.stream_id.split("-", 1)[1],
                                                                 self._history[r.stream_id])

    def _all(self, cls: type[Aggregate]) -> list[Any]:
        return [a for a in self.aggregates.values() if isinstance(a, cls)]

    # ---- the handlers' look-ups ---------------------------------------------------------------

    async def holders_of_mobile(self, mobile: str) -> list[Holder]:
        return [Holder(a.id, a.enterprise_id, a.kind) for a in self._all(Account)
                if a.mobile == mobile and not a.closed]

    async def admins(self, enterprise_id: str) -> list[str]:
        return sorted(a.id for a in self._all(Account)
                      if a.kind is AccountKind.ENTERPRISE_ADMIN and a.enterprise_id == enterprise_id and not a.closed)

    async def open_sessions(self, account_id: str, at: datetime) -> list[str]:
        return sorted(s.id for s in self._all(Session) if s.account_id == account_id and s.active(at))

    # ---- the routes' queries ------------------------------------------------------------------

    def _row(self, account: Account | None, at: datetime, person: PersonFacts | None = None) -> Row:
        holds = account is not None and account.locked(at)
        lock = account.lock if account is not None and holds else None
        state = AccountState.DISABLED if person is not None and person.left else (
            account.state(at) if account is not None else AccountState.NO_PASSWORD)
        return {"id": person.person_id if person else account.id if account else "",
                "kind": (account.kind if account else AccountKind.PERSON).value,
                "name": person.name if person else account.name if account else None,
                "mobile": person.mobile if person else account.mobile if account else None,
                "roles": person.roles if person else ["enterprise_admin"], "left": bool(person and person.left),
                "state": state.value, "locked_at": lock.since if lock else None,
                "locked_until": lock.until if lock else None,
                "failures_in_a_row": account.failures_in_a_row if account else 0,
                "must_change": account.must_change if account else False,
                "last_sign_in_at": account.last_sign_in_at if account else None, "password_set_at": None,
                "version": account.version if account else 0}

    def _account(self, account_id: str) -> Account | None:
        found = self.aggregates.get(f"account-{account_id}")
        return found if isinstance(found, Account) else None

    async def accounts(self, enterprise_id: str, at: datetime, p: PageParams, *, state: AccountState | None = None,
                       kind: AccountKind | None = None, q: str | None = None,
                       include_left: bool = False) -> tuple[list[Row], int]:
        rows = [self._row(self._account(person.person_id), at, person) for person in self._directory.people.values()
                if person.enterprise_id == enterprise_id]
        rows += [self._row(a, at) for a in self._all(Account)
                 if a.kind is AccountKind.ENTERPRISE_ADMIN and a.enterprise_id == enterprise_id]
        rows = [r for r in rows if (include_left or not r["left"]) and (kind is None or r["kind"] == kind.value)
                and (state is None or r["state"] == state.value)
                and (not q or q in (r["name"] or "") or (r["mobile"] or "").startswith(q))]
        return _page(rows, p)

    async def account(self, enterprise_id: str, account_id: str, at: datetime) -> Row | None:
        rows, _ = await self.accounts(enterprise_id, at, PageParams(limit=10_000, offset=0), include_left=True)
        return next((r for r in rows if r["id"] == account_id), None)

    def _regulator(self, a: Account, at: datetime) -> Row:
        row = self._row(a, at) | {"jurisdiction": a.jurisdiction, "created_at": None}
        for key in ("kind", "roles", "left"):
            del row[key]
        return row

    async def regulators(self, at: datetime, p: PageParams) -> tuple[list[Row], int]:
        return _page([self._regulator(a, at) for a in self._all(Account) if a.kind is AccountKind.REGULATOR], p)

    async def regulator(self, account_id: str, at: datetime) -> Row | None:
        a = self._account(account_id)
        return self._regulator(a, at) if a is not None and a.kind is AccountKind.REGULATOR else None

    async def sessions(self, enterprise_id: str, at: datetime, p: PageParams, *, account_id: str | None = None,
                       include_ended: bool = False) -> tuple[list[Row], int]:
        rows = [{"id": s.id, "account_id": s.account_id, "address": "", "started_at": None, "expires_at": s.expires_at,
                 "refreshed_at": None, "generation": s.generation, "ended": s.ended.value if s.ended else None,
                 "ended_at": None} for s in self._all(Session)
                if s.enterprise_id == enterprise_id and (include_ended or s.active(at))
                and account_id in (None, s.account_id)]
        rows.sort(key=lambda r: r["id"])
        return rows[p.offset:p.offset + p.limit], len(rows)

    def _service_account(self, a: ServiceAccount) -> Row:
        return {"id": a.id, "client_id": a.id, "enterprise_id": a.enterprise_id, "name": a.name, "scopes": a.scopes,
                "removed": a.removed, "last_used_at": None, "created_at": None, "updated_at": None,
                "version": a.version}

    async def service_accounts(self, enterprise_id: str, p: PageParams) -> tuple[list[Row], int]:
        return _page([self._service_account(a) for a in self._all(ServiceAccount)
                      if a.enterprise_id == enterprise_id and not a.removed], p)

    async def service_account(self, enterprise_id: str, service_account_id: str) -> Row | None:
        found = self.aggregates.get(f"serviceaccount-{service_account_id}")
        ok = isinstance(found, ServiceAccount) and found.enterprise_id == enterprise_id
        return self._service_account(found) if ok else None  # type: ignore[arg-type]


def _page(rows: list[Row], p: PageParams) -> tuple[list[Row], int]:
    rows = sorted(rows, key=lambda r: (r["name"] or "", r["id"]))
    return rows[p.offset:p.offset + p.limit], len(rows)

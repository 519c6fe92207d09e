"""What the handlers read besides the event store: the directory's facts (a replica of the risk
registry's people and enterprises) and the account read model's look-ups. PostgreSQL adapters in
projections/, fakes in in_memory.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.identity.domain.codes import AccountKind


@dataclass(frozen=True)
class PersonFacts:
    """A person as the directory last said: who, where, with which duties; `left` once they left."""

    person_id: str
    enterprise_id: str | None
    name: str | None
    mobile: str | None
    roles: list[str]
    left: bool = False


@dataclass(frozen=True)
class Holder:
    """An account a mobile number signs in to (an administrator's or a regulator's)."""

    account_id: str
    enterprise_id: str | None
    kind: AccountKind = AccountKind.ENTERPRISE_ADMIN


class Directory(Protocol):
    async def person(self, person_id: str) -> PersonFacts | None: ...
    async def people_with_mobile(self, mobile: str) -> list[PersonFacts]:
        """Those who have not left."""
        ...
    async def known_enterprises(self, enterprise_ids: list[str]) -> set[str]: ...


class AccountLookups(Protocol):
    async def holders_of_mobile(self, mobile: str) -> list[Holder]:
        """Administrators' and regulators' accounts (not disabled) signed in to with `mobile`."""
        ...
    async def admins(self, enterprise_id: str) -> list[str]:
        """The ids of the enterprise's administrators' accounts, demoted ones left out."""
        ...
    async def open_sessions(self, account_id: str, at: datetime) -> list[str]:
        """The ids of the account's sessions neither ended nor expired at `at`."""
        ...

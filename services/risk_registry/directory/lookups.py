"""What the directory publishes to the risk chain — the one module of `directory/` the chain
imports (decision 26).

The chain names org units and people (a risk object's department, a unit's 责任人, a measure's
post, the 包保 guardians) and must know they exist, are of the right kind, still serve, and what
they answer for. It asks `DirectoryLookups`; the rows it gets are the directory's read-model rows
(the dict shapes of `projections/queries.py`: a unit has `kind` and `retired`, a person `name`,
`roles` as code strings, `post_id` and `left_at`). It speaks the directory's vocabulary, re-exported
here: the org unit kinds, the duty roles, the duties (职责) and their 包保 slots, the answer
rows its own answers embed, and who writes the directory (the hand-over of duties is theirs).
"""

from __future__ import annotations

from typing import Any, Protocol

from services.risk_registry.directory.api.models import OrgUnit as OrgUnitRow
from services.risk_registry.directory.api.models import Person as PersonRow
from services.risk_registry.directory.domain.codes import PERSON_ROLE_LABELS, OrgUnitKind, PersonRole
from services.risk_registry.directory.domain.duties import GUARDIAN_SLOTS, Duty, DutyKind, check_successor, listing
from services.risk_registry.directory.domain.writers import DIRECTORY_WRITERS
from services.risk_registry.directory.projections.duties import DepartedHolder, DutyQueries
from services.risk_registry.directory.projections.queries import DirectoryQueries

__all__ = ["DIRECTORY_WRITERS", "GUARDIAN_SLOTS", "PERSON_ROLE_LABELS", "DepartedHolder", "DirectoryLookups", "Duty",
           "DutyKind", "OrgUnitKind", "OrgUnitRow", "PersonRole", "PersonRow", "SqlLookups", "check_successor",
           "listing"]

Row = dict[str, Any]


class DirectoryLookups(Protocol):
    """The directory as the risk chain sees it; every look-up names the enterprise (None: not in it)."""

    async def enterprise(self, enterprise_id: str) -> Row | None: ...

    async def unit(self, enterprise_id: str, unit_id: str) -> Row | None: ...

    async def person(self, enterprise_id: str, person_id: str) -> Row | None: ...

    async def person_duties(self, person_id: str) -> list[Duty]:
        """What the person answers for (the 包保 slots, the units they are 责任人 of)."""
        ...

    async def unit_holdings(self, unit_id: str) -> list[Duty]:
        """What still hangs on an org unit (children, people, measures, objects, units)."""
        ...

    async def departed_holders(self, enterprise_id: str) -> list[DepartedHolder]: ...


class SqlLookups:
    """`DirectoryLookups` on the read model in PostgreSQL."""

    def __init__(self, queries: DirectoryQueries, duties: DutyQueries) -> None:
        self._queries, self._duties = queries, duties

    async def enterprise(self, enterprise_id: str) -> Row | None:
        return await self._queries.enterprise(enterprise_id)

    async def unit(self, enterprise_id: str, unit_id: str) -> Row | None:
        return await self._queries.unit(enterprise_id, unit_id)

    async def person(self, enterprise_id: str, person_id: str) -> Row | None:
        return await self._queries.person(enterprise_id, person_id)

    async def person_duties(self, person_id: str) -> list[Duty]:
        return await self._duties.person_duties(person_id)

    async def unit_holdings(self, unit_id: str) -> list[Duty]:
        return await self._duties.unit_holdings(unit_id)

    async def departed_holders(self, enterprise_id: str) -> list[DepartedHolder]:
        return await self._duties.departed_holders(enterprise_id)

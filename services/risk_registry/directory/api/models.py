"""What the directory's routes answer, as models: the OpenAPI document states it and FastAPI
checks every answer against it.

Each model is a read-model row as the queries return it (projections/queries.py). They derive
from `Record`: a field a query adds later passes through untouched; declare it here (optional,
with a default) so the document names it.
"""

from __future__ import annotations

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.risk_registry.directory.domain.codes import Industry, OrgUnitKind, PersonRole
from services.risk_registry.history import HistoryItem as HistoryItem  # the routes name it m.HistoryItem

# ---- the directory ---------------------------------------------------------------------------


class Enterprise(Record):
    id: str
    name: str
    credit_code: str
    hazchem_code: str | None
    industry: Industry
    registered_at: Timestamp
    updated_at: Timestamp
    version: int


class OrgUnit(Record):
    id: str
    enterprise_id: str
    kind: OrgUnitKind
    name: str
    parent_id: str | None
    retired: bool
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class OrgTreeNode(OrgUnit):
    children: list[OrgTreeNode]


class Person(Record):
    id: str
    enterprise_id: str
    name: str
    # Shown only to those who may see it (officers, admins, the person and their line).
    mobile: str | None = None
    post_id: str | None
    roles: list[PersonRole]
    left_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp
    version: int


# ---- pages -----------------------------------------------------------------------------------

EnterprisePage = Page[Enterprise]
OrgUnitPage = Page[OrgUnit]
PersonPage = Page[Person]

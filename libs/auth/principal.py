"""Who is asking: the person (or service account) a verified token names, and what they may read
and write."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from libs.auth.roles import OUTSIDE_READERS, Role

ISSUER = "shuangkong"  # our own tokens' `iss`; an enterprise's identity provider has its own


class Principal(BaseModel):
    person_id: str
    enterprise_id: str | None = None
    roles: frozenset[Role] = frozenset()
    # The enterprises a reader from outside reads: a regulator's jurisdiction, an integrator's grant.
    jurisdiction: frozenset[str] = frozenset()
    # An integrator's read scopes (`<service>:read`, …); a person's roles already say what they may do.
    scopes: frozenset[str] = frozenset()
    session_id: str | None = None  # the sign-in this token belongs to (`sid`), for revocation and the audit trail
    issuer: str = ISSUER

    @property
    def is_integrator(self) -> bool:
        return Role.INTEGRATOR in self.roles

    def has_any(self, roles: Iterable[Role]) -> bool:
        return bool(self.roles & set(roles))

    def can_read(self, enterprise_id: str) -> bool:
        if self.roles & OUTSIDE_READERS:
            return enterprise_id in self.jurisdiction
        return self.enterprise_id == enterprise_id

    def can_write(self, enterprise_id: str) -> bool:
        return not self.roles & OUTSIDE_READERS and self.enterprise_id == enterprise_id

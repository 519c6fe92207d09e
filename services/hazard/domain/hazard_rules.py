"""An enterprise's own rules of who accepts a 重大 hazard and who decides an extension (issue 13:
"a configured role", "someone entitled (configurable)"), as its admin sets them
(`PUT /hazard-rules`): one stream per enterprise (`hazardrules-<enterprise id>`), each setting an
event, the last in force. An enterprise that set none has the installation's
(`SK_HAZARD_MAJOR_ACCEPTORS`, `SK_HAZARD_EXTENSION_DECIDERS`).

Both lists are one event, so a command reads them together: an acceptance is decided by one
setting or the next, never by half of each."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from libs.aggregate import Aggregate, DomainError
from libs.auth import ROLE_LABELS, Role
from libs.events import DomainEvent
from services.hazard.domain.duties import Entitlements
from services.hazard.domain.writers import DECIDERS

P = "shuangkong.hazard."

# Only the roles the accept and extension routes let in can be named: a rule naming nobody who may
# call the step would leave a 重大 hazard with no one able to close it.
ELIGIBLE = tuple(str(r) for r in Role if r in DECIDERS)  # in the table's order
KNOWN = frozenset(str(r) for r in Role)  # the one table of roles


def role_text(code: str) -> str:
    return f"{ROLE_LABELS[Role(code)]}（{code}）" if code in KNOWN else code


def checked_roles(codes: list[str], field: str) -> list[str]:
    """The role codes an admin listed, each one the routes let decide; 422 naming the field (and the
    index) of the first that is not, of a repeat, or of an empty list."""
    if not codes:
        raise DomainError("须至少指定一个角色：否则没有人能办理", field=field)
    eligible = "、".join(role_text(r) for r in ELIGIBLE)
    seen: set[str] = set()
    for i, code in enumerate(codes):
        at = f"{field}[{i}]"
        if code not in KNOWN:
            raise DomainError(f"未知的角色代码“{code}”；可选：{eligible}", field=at)
        if code not in ELIGIBLE:
            raise DomainError(f"角色“{role_text(code)}”不能验收或审批隐患；可选：{eligible}", field=at)
        if code in seen:
            raise DomainError(f"角色“{role_text(code)}”重复", field=at)
        seen.add(code)
    return list(codes)


class HazardRulesSet(DomainEvent):
    """隐患验收与延期审批规则设定: who accepts a 重大 hazard and who decides an extension, in this enterprise."""

    TYPE = P + "HazardRulesSet"
    enterprise_id: str
    major_acceptors: list[str]  # role codes (libs/auth/roles.py), in the admin's order
    extension_deciders: list[str]
    set_by: str
    set_at: datetime  # on the service's clock


HAZARD_RULE_EVENTS: list[type[DomainEvent]] = [HazardRulesSet]


class HazardRules(Aggregate):
    """The rules in force for one enterprise (its id is the aggregate's); before any setting, none of
    its own (`last` is None) and the installation's apply."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.last: HazardRulesSet | None = None

    def set(self, major_acceptors: list[str], extension_deciders: list[str], by: str, at: datetime) -> None:
        self._record(HazardRulesSet(
            enterprise_id=self.id, major_acceptors=checked_roles(major_acceptors, "major_acceptors"),
            extension_deciders=checked_roles(extension_deciders, "extension_deciders"), set_by=by, set_at=at))

    def entitlements(self, installation: Entitlements) -> Entitlements:
        """The enterprise's rules over the installation's (who may fix on another's behalf stays the
        installation's: it is not the enterprise's to set)."""
        if self.last is None:
            return installation
        return replace(installation, major_acceptors=frozenset(self.last.major_acceptors),
                       extension_deciders=frozenset(self.last.extension_deciders))

    def when_HazardRulesSet(self, e: HazardRulesSet) -> None:
        self.last = e

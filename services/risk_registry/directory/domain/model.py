"""The directory's aggregates. Each decides from its own state and records events; rules that
need other aggregates (the parent's kind, the post's enterprise) are checked by the handler,
which passes what it found in."""

from __future__ import annotations

from collections.abc import Sequence

from libs.aggregate import Aggregate, DomainConflict, DomainError
from libs.names import checked_name as _name
from libs.names import checked_text as _text
from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.codes import (
    ALLOWED_PARENTS,
    ORG_UNIT_LABELS,
    Industry,
    OrgUnitKind,
    PersonRole,
)
from services.risk_registry.directory.domain.duties import Duty, refuse_departure, refuse_retirement, refuse_role_loss
from services.risk_registry.directory.domain.identifiers import hazchem_code_problem, mobile_problem, uscc_problem


class Enterprise(Aggregate):
    """企业."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.name = ""
        self.credit_code = ""
        self.hazchem_code: str | None = None
        self.industry: Industry | None = None

    @classmethod
    def register(cls, enterprise_id: str, name: str, credit_code: str, industry: Industry,
                 hazchem_code: str | None = None) -> Enterprise:
        credit_code = credit_code.strip().upper()
        if problem := uscc_problem(credit_code):
            raise DomainError(problem, field="credit_code")
        if hazchem_code is not None and (problem := hazchem_code_problem(hazchem_code)):
            raise DomainError(problem, field="hazchem_code")
        if industry is Industry.HAZARDOUS_CHEMICALS and hazchem_code is None:
            raise DomainError("危化企业须填写危化品登记编号", field="hazchem_code")
        enterprise = cls(enterprise_id)
        enterprise._record(ev.EnterpriseRegistered(
            enterprise_id=enterprise_id, name=_name(name, "name"), credit_code=credit_code,
            hazchem_code=hazchem_code, industry=industry))
        return enterprise

    def rename(self, name: str) -> None:
        name = _name(name, "name")
        if name != self.name:
            self._record(ev.EnterpriseRenamed(enterprise_id=self.id, name=name))

    def assign_hazchem_code(self, code: str) -> None:
        if problem := hazchem_code_problem(code):
            raise DomainError(problem, field="hazchem_code")
        if code != self.hazchem_code:
            self._record(ev.HazchemCodeAssigned(enterprise_id=self.id, hazchem_code=code))

    def when_EnterpriseRegistered(self, e: ev.EnterpriseRegistered) -> None:
        self.name, self.credit_code, self.hazchem_code, self.industry = (
            e.name, e.credit_code, e.hazchem_code, e.industry)

    def when_EnterpriseRenamed(self, e: ev.EnterpriseRenamed) -> None:
        self.name = e.name

    def when_HazchemCodeAssigned(self, e: ev.HazchemCodeAssigned) -> None:
        self.hazchem_code = e.hazchem_code


class OrgUnit(Aggregate):
    """部门 / 班组 / 岗位: one node of the org tree."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.kind: OrgUnitKind = None  # type: ignore[assignment]  # set by OrgUnitCreated, its first event
        self.name = ""
        self.parent_id: str | None = None
        self.retired = False

    @staticmethod
    def check_parent(kind: OrgUnitKind, enterprise_id: str, parent: OrgUnit | None) -> None:
        if parent is not None and parent.enterprise_id != enterprise_id:
            raise DomainError("上级单位不属于本企业", field="parent_id")
        if parent is not None and parent.retired:
            raise DomainError("上级单位已撤销", field="parent_id")
        parent_kind = parent.kind if parent else None
        if parent_kind not in ALLOWED_PARENTS[kind]:
            where = ORG_UNIT_LABELS[parent_kind] if parent_kind else "企业"
            raise DomainError(f"{ORG_UNIT_LABELS[kind]}不能设在{where}之下", field="parent_id")

    @classmethod
    def create(cls, unit_id: str, enterprise_id: str, kind: OrgUnitKind, name: str,
               parent: OrgUnit | None) -> OrgUnit:
        cls.check_parent(kind, enterprise_id, parent)
        unit = cls(unit_id)
        unit._record(ev.OrgUnitCreated(unit_id=unit_id, enterprise_id=enterprise_id, kind=kind,
                                       name=_name(name, "name"), parent_id=parent.id if parent else None))
        return unit

    def _ensure_active(self) -> None:
        if self.retired:
            raise DomainError(f"{ORG_UNIT_LABELS[self.kind]}已撤销，不能修改", code="retired")

    def rename(self, name: str) -> None:
        self._ensure_active()
        name = _name(name, "name")
        if name != self.name:
            self._record(ev.OrgUnitRenamed(unit_id=self.id, enterprise_id=self.enterprise_id, name=name))

    def move(self, parent: OrgUnit | None, parent_ancestry: list[str]) -> None:
        """`parent_ancestry` is the new parent's chain of ancestors, nearest first."""
        self._ensure_active()
        self.check_parent(self.kind, self.enterprise_id, parent)
        new_parent_id = parent.id if parent else None
        if new_parent_id == self.id or self.id in parent_ancestry:
            raise DomainError("不能移动到自己的下级之下", field="parent_id")
        if new_parent_id != self.parent_id:
            self._record(ev.OrgUnitMoved(unit_id=self.id, enterprise_id=self.enterprise_id,
                                         from_parent_id=self.parent_id, to_parent_id=new_parent_id))

    def retire(self, reason: str, active_children: int = 0, active_members: int = 0,
               holdings: Sequence[Duty] = ()) -> None:
        """`holdings`: what still hangs on the unit (children, people, measures, risk objects and
        units it answers for), each named in the refusal."""
        self._ensure_active()
        if active_children:
            raise DomainConflict(f"尚有{active_children}个下级单位未撤销", code="has_children")
        if active_members:
            raise DomainConflict(f"尚有{active_members}名人员在岗", code="has_members")
        refuse_retirement(ORG_UNIT_LABELS[self.kind], holdings)
        self._record(ev.OrgUnitRetired(unit_id=self.id, enterprise_id=self.enterprise_id,
                                       reason=_text(reason, "reason", 500)))

    def when_OrgUnitCreated(self, e: ev.OrgUnitCreated) -> None:
        self.enterprise_id, self.kind, self.name, self.parent_id = e.enterprise_id, e.kind, e.name, e.parent_id

    def when_OrgUnitRenamed(self, e: ev.OrgUnitRenamed) -> None:
        self.name = e.name

    def when_OrgUnitMoved(self, e: ev.OrgUnitMoved) -> None:
        self.parent_id = e.to_parent_id

    def when_OrgUnitRetired(self, e: ev.OrgUnitRetired) -> None:
        self.retired = True


def _roles(roles: list[PersonRole]) -> list[PersonRole]:
    return sorted(set(roles), key=list(PersonRole).index)


class Person(Aggregate):
    """人员: someone in the enterprise, on a post, holding duties."""

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.name = ""
        self.mobile = ""
        self.post_id: str | None = None
        self.roles: list[PersonRole] = []
        self.left = False

    @staticmethod
    def _check_post(enterprise_id: str, post: OrgUnit | None) -> None:
        if post is None:
            return
        if post.enterprise_id != enterprise_id:
            raise DomainError("岗位不属于本企业", field="post_id")
        if post.kind is not OrgUnitKind.POST:
            raise DomainError(f"只能分配到岗位，不能分配到{ORG_UNIT_LABELS[post.kind]}", field="post_id")
        if post.retired:
            raise DomainError("岗位已撤销", field="post_id")

    @classmethod
    def register(cls, person_id: str, enterprise_id: str, name: str, mobile: str,
                 post: OrgUnit | None, roles: list[PersonRole]) -> Person:
        if problem := mobile_problem(mobile):
            raise DomainError(problem, field="mobile")
        cls._check_post(enterprise_id, post)
        person = cls(person_id)
        person._record(ev.PersonRegistered(
            person_id=person_id, enterprise_id=enterprise_id, name=_name(name, "name", 50), mobile=mobile,
            post_id=post.id if post else None, roles=_roles(roles or [PersonRole.WORKER])))
        return person

    def _ensure_active(self) -> None:
        if self.left:
            raise DomainError("人员已离职，不能修改", code="left")

    def assign_to_post(self, post: OrgUnit | None) -> None:
        self._ensure_active()
        self._check_post(self.enterprise_id, post)
        post_id = post.id if post else None
        if post_id != self.post_id:
            self._record(ev.PersonAssignedToPost(person_id=self.id, enterprise_id=self.enterprise_id,
                                                 from_post_id=self.post_id, to_post_id=post_id))

    def change_roles(self, roles: list[PersonRole], duties: Sequence[Duty] = ()) -> None:
        """`duties`: what the person holds now; a 包保 slot keeps the role it needs."""
        self._ensure_active()
        if not roles:
            raise DomainError("至少保留一个职责", field="roles")
        roles = _roles(roles)
        refuse_role_loss(self.name, self.roles, roles, duties)
        if roles != self.roles:
            self._record(ev.PersonRolesChanged(person_id=self.id, enterprise_id=self.enterprise_id, roles=roles))

    def change_contact(self, name: str, mobile: str) -> None:
        self._ensure_active()
        if problem := mobile_problem(mobile):
            raise DomainError(problem, field="mobile")
        name = _name(name, "name", 50)
        if (name, mobile) != (self.name, self.mobile):
            self._record(ev.PersonContactChanged(person_id=self.id, enterprise_id=self.enterprise_id,
                                                 name=name, mobile=mobile))

    def leave(self, reason: str, duties: Sequence[Duty] = ()) -> None:
        """`duties`: what the person still holds; each must be handed over first."""
        self._ensure_active()
        refuse_departure(self.name, duties)
        self._record(ev.PersonLeft(person_id=self.id, enterprise_id=self.enterprise_id,
                                   reason=_text(reason, "reason", 500)))

    def when_PersonRegistered(self, e: ev.PersonRegistered) -> None:
        self.enterprise_id, self.name, self.mobile, self.post_id, self.roles = (
            e.enterprise_id, e.name, e.mobile, e.post_id, list(e.roles))

    def when_PersonAssignedToPost(self, e: ev.PersonAssignedToPost) -> None:
        self.post_id = e.to_post_id

    def when_PersonRolesChanged(self, e: ev.PersonRolesChanged) -> None:
        self.roles = list(e.roles)

    def when_PersonContactChanged(self, e: ev.PersonContactChanged) -> None:
        self.name, self.mobile = e.name, e.mobile

    def when_PersonLeft(self, e: ev.PersonLeft) -> None:
        self.left, self.post_id = True, None

"""Duties (职责) the registry records on people and org units, and the rule that they are handed
over before their holder goes: a person who guards a 重大危险源 or answers for a risk unit cannot
leave, a post that still carries measures or people cannot be retired, a department that still
owns risk objects or units cannot be retired. Pure: the handler finds the duties in the read
model, the projection finds them again inside the append's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from libs.aggregate import DomainConflict, DomainError
from libs.labelled_enum import Labelled
from services.risk_registry.directory.domain.codes import PERSON_ROLE_LABELS, PersonRole


class DutyKind(Labelled, StrEnum):
    # held by a person
    GUARDIAN_PRINCIPAL = "guardian_principal"  # 重大危险源包保责任人 (主要负责人)
    GUARDIAN_TECHNICAL = "guardian_technical"  # 重大危险源包保责任人 (技术负责人)
    GUARDIAN_OPERATIONS = "guardian_operations"  # 重大危险源包保责任人 (操作负责人)
    UNIT_LIABLE = "unit_liable"  # 风险分析单元责任人
    # held by an org unit
    CHILD_UNIT = "child_unit"  # a 班组/岗位 (or 部门) under it
    MEMBER = "member"  # a person on the post
    MEASURE = "measure"  # a control measure the post carries out
    RISK_OBJECT = "risk_object"  # a risk object the department is responsible for
    RISK_UNIT = "risk_unit"  # a risk unit the department is responsible for


# The guardian slots: the field of the 包保 assignment and the role its holder must have.
GUARDIAN_SLOTS: dict[DutyKind, tuple[str, PersonRole]] = {
    DutyKind.GUARDIAN_PRINCIPAL: ("principal_id", PersonRole.PRINCIPAL),
    DutyKind.GUARDIAN_TECHNICAL: ("technical_id", PersonRole.TECHNICAL_HEAD),
    DutyKind.GUARDIAN_OPERATIONS: ("operations_id", PersonRole.OPERATIONS_HEAD),
}

_TEMPLATES = {
    DutyKind.UNIT_LIABLE: "风险分析单元「{name}」的责任人",
    DutyKind.CHILD_UNIT: "下级单位「{name}」",
    DutyKind.MEMBER: "在岗人员「{name}」",
    DutyKind.MEASURE: "管控措施「{name}」",
    DutyKind.RISK_OBJECT: "风险分析对象「{name}」",
    DutyKind.RISK_UNIT: "风险分析单元「{name}」",
}
_LISTED = 20  # a message lists this many; the count says how many more


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Duty:
    kind: DutyKind
    thing_id: str  # the object, unit, measure, person or org unit the duty is about
    thing_name: str
    context: str | None = None  # for a measure: the name of its risk event

    @property
    def required_role(self) -> PersonRole | None:
        slot = GUARDIAN_SLOTS.get(self.kind)
        return slot[1] if slot else None

    def describe(self) -> str:
        if self.kind in GUARDIAN_SLOTS:
            role = PERSON_ROLE_LABELS[GUARDIAN_SLOTS[self.kind][1]]
            return f"重大危险源「{_short(self.thing_name)}」的包保责任人（{role}）"
        text = _TEMPLATES[self.kind].format(name=_short(self.thing_name))
        return f"{text}（风险事件「{_short(self.context)}」）" if self.context else text


def listing(duties: Sequence[Duty]) -> str:
    shown = "；".join(f"{i}. {d.describe()}" for i, d in enumerate(duties[:_LISTED], start=1))
    more = f"；另有{len(duties) - _LISTED}项" if len(duties) > _LISTED else ""
    return shown + more


def refuse_departure(person_name: str, duties: Sequence[Duty]) -> None:
    """离职 waits until every duty is handed over."""
    if duties:
        raise DomainConflict(f"{person_name}尚有{len(duties)}项职责未移交，不能办理离职，请先移交：{listing(duties)}",
                             code="has_duties")


def refuse_retirement(unit_label: str, holdings: Sequence[Duty]) -> None:
    """撤销 waits until nothing hangs on the unit any more."""
    if not holdings:
        return
    kinds = {d.kind for d in holdings}
    code = "has_children" if DutyKind.CHILD_UNIT in kinds else "has_members" if kinds == {DutyKind.MEMBER} \
        else "has_duties"
    raise DomainConflict(f"该{unit_label}尚有{len(holdings)}项未移交或未撤销，不能撤销：{listing(holdings)}", code=code)


def refuse_role_loss(person_name: str, had: Sequence[PersonRole], roles: Sequence[PersonRole],
                     duties: Sequence[Duty]) -> None:
    """A 包保责任人 keeps the role their slot needs until the slot is handed over. Only a role this
    change drops (in `had`, not in `roles`) is judged: one lost before the rule (old data) does not
    block every later change of roles."""
    lost = [d for d in duties if d.required_role is not None and d.required_role in had
            and d.required_role not in roles]
    if lost:
        raise DomainConflict(f"{person_name}仍是以下重大危险源的包保责任人，须先移交才能取消该职务：{listing(lost)}",
                             field="roles", code="has_duties")


def check_successor(successor_name: str, successor_roles: Sequence[PersonRole], duties: Sequence[Duty]) -> None:
    """The successor must be eligible for every duty: a 包保 slot needs its role (DOMAIN.md §3)."""
    unfit = [d for d in duties if d.required_role is not None and d.required_role not in successor_roles]
    if unfit:
        needed = "、".join(sorted({PERSON_ROLE_LABELS[role] for d in unfit if (role := d.required_role) is not None}))
        raise DomainError(f"{successor_name}不是{needed}，不能接任：{listing(unfit)}", field="successor_id",
                          code="wrong_role")

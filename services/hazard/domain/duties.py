"""Who may do what to a hazard beyond what their role lets them call (the routes check that):
the separation of duties the loop's integrity rests on, and the enterprise's configured
entitlements.

- The acceptor is neither the rectifier (the liable person, nor whoever submitted the
  rectification) nor the reporter: nobody signs off their own work or their own finding.
- Accepting a 重大 hazard needs one of `major_acceptors` (default 主要负责人 or 技术负责人).
- An extension is decided by one of `extension_deciders`, never by the one who asked for it.
- The fix (start, submit, 即查即改, asking for more time) is the liable person's, or done on their
  behalf by one of `on_behalf` (the safety management and the heads): a worker cannot take over
  another's hazard.

Roles are the token's role names (libs/auth/roles.py) as plain strings, so the domain stays pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from libs.aggregate import DomainError
from libs.errors import Forbidden

PRINCIPAL, TECHNICAL_HEAD, SAFETY_OFFICER = "principal", "technical_head", "safety_officer"
OFFICERS = frozenset({SAFETY_OFFICER, PRINCIPAL, TECHNICAL_HEAD, "operations_head", "department_head"})
ROLE_LABELS = {PRINCIPAL: "主要负责人", TECHNICAL_HEAD: "技术负责人", SAFETY_OFFICER: "安全管理员",
               "operations_head": "操作负责人", "department_head": "部门负责人", "team_leader": "班组长",
               "worker": "岗位员工", "enterprise_admin": "企业管理员"}


class DutyRefused(Forbidden, DomainError):
    """Answered 403: the person may call this, but not on this hazard."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="separation_of_duties")


@dataclass(frozen=True)
class Actor:
    person_id: str
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Entitlements:
    major_acceptors: frozenset[str] = field(default_factory=lambda: frozenset({PRINCIPAL, TECHNICAL_HEAD}))
    extension_deciders: frozenset[str] = field(
        default_factory=lambda: frozenset({PRINCIPAL, TECHNICAL_HEAD, SAFETY_OFFICER}))
    on_behalf: frozenset[str] = OFFICERS


def _names(roles: frozenset[str]) -> str:
    return "或".join(ROLE_LABELS.get(r, r) for r in sorted(roles))


def check_acceptor(actor: Actor, *, reporter_id: str, rectifier_ids: set[str], major: bool,
                   entitled: Entitlements) -> None:
    if actor.person_id in rectifier_ids:
        raise DutyRefused("验收人不能是该隐患的整改人")
    if actor.person_id == reporter_id:
        raise DutyRefused("验收人不能是该隐患的上报人")
    if major and not actor.roles & entitled.major_acceptors:
        raise DutyRefused(f"重大隐患须由{_names(entitled.major_acceptors)}验收")


def check_extension_decider(actor: Actor, *, requested_by: str, entitled: Entitlements) -> None:
    if actor.person_id == requested_by:
        raise DutyRefused("延期申请不能由申请人本人审批")
    if not actor.roles & entitled.extension_deciders:
        raise DutyRefused(f"延期申请须由{_names(entitled.extension_deciders)}审批")


def check_rectifier(actor: Actor, *, liable_person_id: str | None, entitled: Entitlements) -> None:
    if actor.person_id != liable_person_id and not actor.roles & entitled.on_behalf:
        raise DutyRefused("只有整改责任人（或安全管理人员代为）可以办理整改")

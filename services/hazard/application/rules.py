"""An enterprise's rules of who accepts a 重大 hazard and who decides an extension: set by its admin
(`PUT /hazard-rules`), read by the handlers that decide by them (handlers.py `entitled_in`) and by
the GET, the installation's settings where the enterprise set none. Read by loading the
`hazardrules-<enterprise id>` stream (a few events), as inspection's coverage rules are: no read model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from libs.auth import ROLE_LABELS, Role
from libs.commands import EnterpriseCommand
from libs.repository import CommandContext
from services.hazard.domain.duties import Entitlements
from services.hazard.domain.hazard_rules import ELIGIBLE, KNOWN, HazardRules

if TYPE_CHECKING:
    from services.hazard.application.handlers import Hazards

Row = dict[str, Any]
ELIGIBLE_SET = frozenset(ELIGIBLE)
ROLES = Field(..., max_length=len(Role), description="角色代码 (主要负责人 principal、技术负责人 technical_head、"
                                                     "安全管理员 safety_officer、操作负责人 operations_head、"
                                                     "部门负责人 department_head); 至少一个")


class SetHazardRules(EnterpriseCommand):
    """The whole set, replaced each time."""

    major_acceptors: list[str] = ROLES
    extension_deciders: list[str] = ROLES


async def rules_of(deps: Hazards, enterprise_id: str) -> HazardRules:
    return await deps.rules.find(enterprise_id) or HazardRules(enterprise_id)


async def entitled_in(deps: Hazards, enterprise_id: str) -> Entitlements:
    """Who may decide in this enterprise: both lists from one setting (or both the installation's)."""
    return (await rules_of(deps, enterprise_id)).entitlements(deps.entitled)


async def may_accept(deps: Hazards, enterprise_id: str, roles: frozenset[str]) -> tuple[bool, bool]:
    """Whether a person with `roles` may accept hazards here at all (the routes' deciders) and 重大
    ones (the enterprise's rules): what their "to accept" list keeps."""
    if not roles & ELIGIBLE_SET:
        return False, False
    return True, bool(roles & (await entitled_in(deps, enterprise_id)).major_acceptors)


async def set_rules(cmd: SetHazardRules, deps: Hazards, ctx: CommandContext) -> Row:
    rules = await rules_of(deps, cmd.enterprise_id)
    rules.set(cmd.major_acceptors, cmd.extension_deciders, ctx.actor, deps.clock.now())
    await deps.rules.save(rules, ctx)
    return rules_answer(rules, deps.entitled)


def rules_answer(rules: HazardRules, installation: Entitlements) -> Row:
    last = rules.last
    if last is None:  # the settings' sets are unordered: the table's order, as the routes list roles
        major = [r for r in map(str, Role) if r in installation.major_acceptors]
        deciders = [r for r in map(str, Role) if r in installation.extension_deciders]
    else:
        major, deciders = last.major_acceptors, last.extension_deciders
    return {"major_acceptors": [_role(r) for r in major], "extension_deciders": [_role(r) for r in deciders],
            "source": "default" if last is None else "enterprise",
            "source_label": "默认（系统设置）" if last is None else "企业设定",
            "set_by": last.set_by if last else None, "set_at": last.set_at if last else None}


def _role(code: str) -> Row:
    return {"code": code, "label": ROLE_LABELS[Role(code)] if code in KNOWN else code}

"""Whose check a record is, decided before it is made (domain/record_reporter.py says who may).

The occurrence names its people itself (plan tasks' people, 包保 guardians): one of them is let
through without asking the replica. Its posts need the replica of the registry's people
(projections/directory.py), which is eventually consistent: a person it has not seen yet is
refused with "try again shortly" (409 `not_replicated`, Retry-After), never a 500 and never taken
as a stranger — the phone keeps the record queued and sends it again."""

from __future__ import annotations

from libs.errors import Conflict, Forbidden
from services.inspection.application.my_tasks import Directory
from services.inspection.domain.occurrence import Occurrence
from services.inspection.domain.record_reporter import Assignees, Reporter

RETRY_AFTER = "5"  # seconds: the replica is usually that far behind the registry


async def reporter_of(occurrence: Occurrence, actor: str, on_behalf_of: str | None, *, may_act_for_others: bool,
                      directory: Directory) -> Reporter:
    """The reporter of a record of `occurrence` sent by `actor` (for `on_behalf_of`, if named), or
    403 naming the occurrence when that person was not sent to check it."""
    for_other = on_behalf_of is not None and on_behalf_of != actor
    if for_other and not may_act_for_others:
        raise Forbidden("只有安全管理员可以代他人提交排查记录", field="on_behalf_of")
    person = on_behalf_of if for_other and on_behalf_of is not None else actor
    reporter = Reporter(person, actor if for_other else None)
    assignees = Assignees(occurrence.post_ids, occurrence.person_ids)
    if assignees.include(person, None):
        return reporter
    who = f"人员 {person} " if for_other else "当前用户"
    member = await directory.member(occurrence.enterprise_id, person)
    if member is None:
        raise Conflict(f"尚未收到{who}的岗位信息（人员登记后稍候再试）", code="not_replicated",
                       field="on_behalf_of" if for_other else None, headers={"Retry-After": RETRY_AFTER})
    if member.left or not assignees.include(person, member.post_id):
        raise Forbidden(f"{who}不是本次排查（{occurrence.id}）的排查人员：须在其岗位上或被指派", field="occurrence_id")
    return reporter

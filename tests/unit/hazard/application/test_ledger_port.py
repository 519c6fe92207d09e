"""The routes read the ledger through the HazardQueries port: on its fake (ledger.py), the 公示
table groups the period's cohort by department (by name, one not named yet by its id, the hazards
with no department last), the 重大 list is newest first, and 待我验收 leaves out what I submitted,
and keeps 重大 hazards only for a role the enterprise's rules let accept them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from libs.auth import Principal, Role
from libs.pagination import PageParams
from libs.repository import CommandContext
from services.hazard.api.report_routes import Format, Mine, major_hazards, my_hazards, publicity
from services.hazard.application.ports import HazardQueries
from services.hazard.application.rules import SetHazardRules, set_rules
from tests.unit.hazard.application.flows import EID, wired
from tests.unit.hazard.application.ledger import ListLedger

PAGE = PageParams(limit=10, offset=0)


def row(hazard_id: str, reported: datetime, **facts) -> dict:
    return {"id": hazard_id, "enterprise_id": EID, "name": f"隐患{hazard_id}", "description": None,
            "step": "rectifying", "level": 0, "hazard_type": None, "source": None, "department_id": None,
            "found_department_id": None, "overdue": False, "reported_at": reported, "reporter_id": "p-r",
            "liable_person_id": None, "submitted_by": None, "copied_to": [], "closed_at": None, "deadline": None,
            "was_overdue_at": None, **facts}


def on(day: int, hour: int = 2) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def with_ledger(*rows: dict, names: dict[str, str] | None = None):
    w = wired()
    queries: HazardQueries = ListLedger(list(rows), names)  # the fake is the port
    w.queries = queries
    return w


async def test_the_publicity_table_groups_the_periods_cohort_by_department():
    w = with_ledger(
        row("h1", on(1), department_id="d2", closed_at=on(2), deadline=date(2026, 12, 5), step="closed"),
        row("h2", on(2), department_id="d1"),
        row("h3", on(2), found_department_id="d1"),  # not graded: counted where it was found
        row("h4", on(3)),  # no department at all
        row("h5", on(3), department_id="d1", step="voided"),  # voided: left out
        row("h6", on(9), department_id="d1"),  # after the period
        row("h7", on(2), department_id="d3"),  # a department the replica has not named yet
        names={"d1": "储运部", "d2": "合成车间"})
    answer = await publicity(EID, format=Format.JSON, from_=date(2026, 12, 1), to=date(2026, 12, 7), deps=w)
    listed = [(r["department_id"], r["department_name"], r["found"], r["rectified"], r["on_time"], r["open"])
              for r in answer["rows"]]
    assert listed == [("d3", None, 1, 0, 0, 1), ("d1", "储运部", 2, 0, 0, 2), ("d2", "合成车间", 1, 1, 1, 0),
                      (None, None, 1, 0, 0, 1)]
    total = answer["total"]
    assert (total["found"], total["rectified"], total["department_name"]) == (5, 1, "合计")


async def test_the_major_hazards_are_listed_newest_first_and_only_the_enterprises():
    w = with_ledger(row("h1", on(1), level=1), row("h2", on(3), level=1), row("h3", on(2)),
                    row("h4", on(4), level=1, enterprise_id="ent-2"))
    answer = await major_hazards(EID, p=PAGE, deps=w)
    assert ([h["id"] for h in answer["items"]], answer["total"]) == (["h2", "h1"], 2)


async def test_to_accept_leaves_out_what_i_reported_rectify_or_submitted():
    waiting = {"step": "awaiting_acceptance", "liable_person_id": "p-l", "submitted_by": "p-s"}
    w = with_ledger(row("h1", on(1), **waiting), row("h2", on(2), **waiting, reporter_id="p-me"),
                    row("h3", on(3), **{**waiting, "submitted_by": "p-me"}), row("h4", on(4)))
    me = Principal(person_id="p-me", enterprise_id=EID, roles=frozenset({Role.SAFETY_OFFICER}))
    answer = await my_hazards(EID, which=Mine.TO_ACCEPT, p=PAGE, me=me, deps=w)
    assert [h["id"] for h in answer["items"]] == ["h1"]
    assert (await my_hazards(EID, which=Mine.REPORTED, p=PAGE, me=me, deps=w))["total"] == 1


async def test_to_accept_keeps_the_major_hazards_for_whom_the_enterprises_rules_let_accept_them():
    waiting = {"step": "awaiting_acceptance", "liable_person_id": "p-l", "submitted_by": "p-s"}
    w = with_ledger(row("h1", on(1), **waiting), row("h2", on(2), **waiting, level=1))

    async def to_accept(*roles: Role) -> list[str]:
        me = Principal(person_id="p-me", enterprise_id=EID, roles=frozenset(roles))
        return [h["id"] for h in (await my_hazards(EID, which=Mine.TO_ACCEPT, p=PAGE, me=me, deps=w))["items"]]

    assert await to_accept(Role.SAFETY_OFFICER) == ["h1"]  # by default 重大 is the heads'
    assert await to_accept(Role.PRINCIPAL) == ["h2", "h1"]
    assert await to_accept(Role.WORKER) == []  # no role that may accept at all
    await set_rules(SetHazardRules(major_acceptors=["safety_officer"], extension_deciders=["principal"]).for_(EID),
                    w, CommandContext("p-admin", EID, "corr", frozenset({"enterprise_admin"})))
    assert (await to_accept(Role.SAFETY_OFFICER), await to_accept(Role.PRINCIPAL)) == (["h2", "h1"], ["h1"])

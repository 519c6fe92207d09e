"""Any run of checklist edits, accepted or refused: numbers stay unique and are never given twice,
no row is copied, a refused edit records nothing, and the plan loaded from its events is the same."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from libs.aggregate import DomainError
from services.inspection.domain.plan import Plan
from tests.unit.inspection.domain.plan_builders import CALENDAR, ENTERPRISE, NOW, header, level_row, row

names = st.sampled_from(["储罐液位", "储罐压力", "防雷接地", "可燃气体报警", "安全阀"])
contents = st.sampled_from(["现场查看", "核对读数", "测接地电阻"])
rows = st.one_of(st.builds(lambda i, c: row(item=i, content=c), names, contents),
                 st.builds(lambda i, c, lo, hi: level_row(item=i, content=c, low=lo, high=hi), names, contents,
                           st.sampled_from([None, 0, 20]), st.sampled_from([None, 10, 80])))
edits = st.lists(st.one_of(
    st.tuples(st.just("add"), rows),
    st.tuples(st.just("revise"), st.integers(1, 8), rows),
    st.tuples(st.just("remove"), st.integers(1, 8)),
    st.tuples(st.just("publish")),
), max_size=25)


def apply(plan: Plan, edit: tuple) -> None:
    if edit[0] == "add":
        plan.add_item(**edit[1])
    elif edit[0] == "revise":
        plan.revise_item(edit[1], **edit[2])
    elif edit[0] == "remove":
        plan.remove_item(edit[1])
    else:
        plan.publish(NOW, CALENDAR)


@given(edits)
def test_any_run_of_edits_keeps_the_checklist_sound(run):
    plan = Plan.draw_up("plan-1", ENTERPRISE, items=[row()], **header())  # unsaved: its events all pending
    given_numbers = {1}
    for edit in run:
        before = (len(plan.pending()), dict(plan.items))
        try:
            apply(plan, edit)
        except DomainError:
            assert (len(plan.pending()), dict(plan.items)) == before  # refused: nothing recorded
        numbers = [i.no for i in plan.checklist]
        assert len(numbers) == len(set(numbers)) == len(plan.items)
        new = set(numbers) - given_numbers
        assert all(n > max(given_numbers) for n in new)  # a number once removed never returns
        given_numbers |= new
        keys = [(i.item, i.content) for i in plan.checklist]
        assert len(keys) == len(set(keys))
    loaded = Plan.rehydrate(plan.id, plan.pending())
    assert isinstance(loaded, Plan) and loaded.items == plan.items and loaded.state is plan.state

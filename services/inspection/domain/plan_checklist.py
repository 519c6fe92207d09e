"""The checklist (检查表) half of the plan aggregate: items added, revised and removed one at a
time, by number. A published plan's checklist may still be improved (its tasks take the new
troubleshootContent from the event); a retired plan's may not, and a published one keeps an item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from libs.aggregate import Aggregate, DomainConflict, DomainError
from services.inspection.domain import checklist_rules as rules
from services.inspection.domain import plan_events as ev
from services.inspection.domain.checklist import ChecklistItem, checked_item
from services.inspection.domain.plan_state import PlanState


class PlanChecklist(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = self.title = ""
        self.state = PlanState.DRAFT
        self.items: dict[int, ChecklistItem] = {}  # by number, in the order they were added
        self.last_no = 0  # numbers are never reused

    @property
    def checklist(self) -> list[ChecklistItem]:
        return list(self.items.values())

    def add_item(self, **fields: Any) -> int:
        """The new item goes last; its number is returned."""
        self._ensure_open()
        rules.refuse_too_many(self.checklist)
        item = checked_item(self.last_no + 1, **fields)
        rules.refuse_duplicate(self.checklist, item)
        self._change(ev.ChecklistItemAdded, [*self.checklist, item], item=item)
        return item.no

    def revise_item(self, no: int, **fields: Any) -> None:
        """The item rewritten whole under its number; nothing recorded when nothing changed."""
        self._ensure_open()
        old = self._item(no)
        item = checked_item(no, **fields)
        rules.refuse_duplicate(self.checklist, item)
        if item != old:
            self._change(ev.ChecklistItemRevised, [item if i.no == no else i for i in self.checklist], item=item)

    def remove_item(self, no: int) -> None:
        self._ensure_open()
        self._item(no)
        if self.state is PlanState.PUBLISHED and len(self.items) == 1:
            raise DomainConflict("已发布计划的检查表至少保留一项", field="no", code="last_item")
        self._change(ev.ChecklistItemRemoved, [i for i in self.checklist if i.no != no], no=no)

    def _change(self, event: Callable[..., ev.ChecklistChange], items: list[ChecklistItem], **fields: Any) -> None:
        """Record a checklist change leaving `items`: a published plan's tasks take their content."""
        self._record(event(plan_id=self.id, enterprise_id=self.enterprise_id,
                           troubleshoot_content=self._content_with(items), **fields))

    def _ensure_open(self) -> None:
        if self.state is PlanState.RETIRED:
            raise DomainConflict("计划已废止，不能修改", code="retired")

    def _item(self, no: int) -> ChecklistItem:
        item = self.items.get(no)
        if item is None:
            raise DomainError(f"检查表没有第{no}项", field="no", code="unknown_item")
        return item

    def _content_with(self, items: list[ChecklistItem]) -> str | None:
        return rules.task_content(self.title, items) if self.state is PlanState.PUBLISHED else None

    def _put(self, item: ChecklistItem) -> None:
        self.items[item.no] = item
        self.last_no = max(self.last_no, item.no)

    def when_ChecklistItemAdded(self, e: ev.ChecklistItemAdded) -> None:
        self._put(e.item)

    def when_ChecklistItemRevised(self, e: ev.ChecklistItemRevised) -> None:
        self.items[e.item.no] = e.item

    def when_ChecklistItemRemoved(self, e: ev.ChecklistItemRemoved) -> None:
        del self.items[e.no]

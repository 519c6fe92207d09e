"""Rules of a checklist as a whole (pure): how many items, no item twice, and the task content
(troubleshootContent) a plan's checklist gives the tasks it yields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from libs.aggregate import DomainError
from libs.names import name_key
from services.inspection.domain import plan_limits as limits
from services.inspection.domain.checklist import ChecklistItem, checked_item


def checked_items(given: Sequence[Mapping[str, Any]], first_no: int = 1) -> list[ChecklistItem]:
    """A checklist from its rows as given, numbered from `first_no`; a refusal names the row
    (`items[2].content`)."""
    if len(given) > limits.ITEMS:
        raise DomainError(f"检查表最多{limits.ITEMS}项", field="items")
    items: list[ChecklistItem] = []
    seen: dict[tuple[str, str], ChecklistItem] = {}
    for i, fields in enumerate(given):
        item = checked_item(first_no + i, **fields, at=f"items[{i}].")
        _refuse_same(item, seen.setdefault(_key(item), item), f"items[{i}].item")
        items.append(item)
    return items


def refuse_duplicate(items: Sequence[ChecklistItem], candidate: ChecklistItem, field: str = "item") -> None:
    """Two items with the same 检查项目 and 检查内容 are one item written twice (regulators look for
    copied rows); the same item with other content, or the same content on another item, is not."""
    key = _key(candidate)
    for other in items:
        if _key(other) == key:
            _refuse_same(candidate, other, field)


def _refuse_same(candidate: ChecklistItem, other: ChecklistItem, field: str) -> None:
    if other.no != candidate.no:
        raise DomainError(f"检查项目“{candidate.item}”及其检查内容与第{other.no}项重复", field=field)


def refuse_too_many(items: Sequence[ChecklistItem]) -> None:
    if len(items) >= limits.ITEMS:
        raise DomainError(f"检查表最多{limits.ITEMS}项", field="items")


def task_content(title: str, items: Sequence[ChecklistItem]) -> str:
    """troubleshootContent of the plan's tasks: the checklist's items in order, as many as fit in
    its 1000 characters, the rest counted (the checklist itself travels with the task)."""
    head = f"按《{title}》检查表排查，共{len(items)}项："
    text = head
    for shown, item in enumerate(items):
        entry = f"{item.no}. {item.item}：{item.content}；"
        rest = f"……其余{len(items) - shown}项详见检查表"
        if len(text) + len(entry) > limits.TASK_CONTENT - (len(rest) if shown < len(items) - 1 else 0):
            return (text if shown else head.rstrip("：") + "，") + (rest if shown else "详见检查表")
        text += entry
    return text.rstrip("；")


def _key(item: ChecklistItem) -> tuple[str, str]:
    return name_key(item.item), name_key(item.content)

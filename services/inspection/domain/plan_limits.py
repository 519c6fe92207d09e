"""Field limits of inspection plans and their checklists, in one place.

GOV-INTERFACE.md gives only one of them: the check task's troubleshootContent (≤ 1000), which a
plan's task is built from, so an item's content and the task content a plan yields keep to it. The
platforms carry no plan or checklist table; the other limits are ours, sized like the registry's
(a name ≤ 200, free text ≤ 500) so a row of the checklist prints on one page."""

from __future__ import annotations

from services.inspection.domain.rules import CONTENT_LIMIT

ID = 64  # a post's, a person's, a control measure's id (ours are 32 hex digits)
TITLE = 200  # 计划名称, a name like the registry's
REASON = 500  # 废止原因
CHECK_TYPE = 50  # 检查类型 (现场检查, 资料检查 …)
ITEM = 200  # 检查项目
METHOD = 200  # 检查方式
CONTENT = CONTENT_LIMIT  # 检查内容 becomes troubleshootContent (≤ 1000)
BASIS = 500  # 检查依据 (a standard and its clause)
NUMBER = 10**15  # |bound| and |reading|: beyond any gauge, and exact as a float to the unit
UNIT = 20  # 计量单位 of a key parameter (℃, MPa, %LEL …)
TASK_CONTENT = CONTENT_LIMIT  # the troubleshootContent of each task a plan yields

ITEMS = 300  # items on one checklist: a plant-wide 综合性 checklist runs to a few hundred
ASSIGNMENTS = 500  # posts one plan sends
PEOPLE_PER_POST = 50  # people named on one post of a plan

"""Where a plan is: a draft (草稿) edited freely, published (已发布) with its tasks out, or retired
(已废止), when nothing changes any more."""

from __future__ import annotations

from enum import StrEnum

from libs.labelled_enum import Labelled


class PlanState(Labelled, StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return PLAN_STATE_LABELS[self]


PLAN_STATE_LABELS = {PlanState.DRAFT: "草稿", PlanState.PUBLISHED: "已发布", PlanState.RETIRED: "已废止"}

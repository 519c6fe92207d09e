"""The labels beside coded fields in hazard governance's answers (libs/labels.py), in Chinese."""

from __future__ import annotations

from libs.labels import CodeTable, Labeller
from services.hazard.domain.codes import (
    DANGER_SOURCE_LABELS,
    DANGER_STATE_LABELS,
    HAZARD_CATEGORY_LABELS,
    HAZARD_LEVEL_LABELS,
    HAZARD_TYPE_LABELS,
    MANAGE_TYPE_LABELS,
    MANAGEMENT_CLASS_LABELS,
    OCCURRENCE_LINK_LABELS,
)
from services.hazard.domain.origins import ORIGIN_LABELS
from services.hazard.domain.steps import STEP_LABELS

LEVEL = CodeTable.of("hazard_level", "隐患等级 (dangerLevel)", HAZARD_LEVEL_LABELS)
MANAGE_TYPE = CodeTable.of("hazard_manage_type", "治理类型 (dangerManageType)", MANAGE_TYPE_LABELS)
TYPE = CodeTable.of("hazard_type", "隐患类型 (hazardDangerType)", HAZARD_TYPE_LABELS)
MANAGEMENT_CLASS = CodeTable.of("management_class", "管理分类 (managementClassification)", MANAGEMENT_CLASS_LABELS)
OCCURRENCE_LINK = CodeTable.of("occurrence_link", "发生环节 (occurrenceLink)", OCCURRENCE_LINK_LABELS)
SOURCE = CodeTable.of("danger_source", "隐患来源 (dangerSrc)", DANGER_SOURCE_LABELS)
CATEGORY = CodeTable.of("hazard_category", "隐患类别 (hazardCategory)", HAZARD_CATEGORY_LABELS)
STATE = CodeTable.of("danger_state", "治理状态 (dangerState)", DANGER_STATE_LABELS)
STEP = CodeTable.of("hazard_step", "办理环节", STEP_LABELS)
ORIGIN = CodeTable.of("hazard_origin", "登记方式", ORIGIN_LABELS)
LABELLER = Labeller({"level": LEVEL, "manage_type": MANAGE_TYPE, "hazard_type": TYPE,
                     "management_class": MANAGEMENT_CLASS, "occurrence_link": OCCURRENCE_LINK, "source": SOURCE,
                     "category": CATEGORY,
                     "danger_state": STATE, "step": STEP, "origin": ORIGIN})

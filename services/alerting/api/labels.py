"""The labels beside coded fields in alerting's answers (libs/labels.py), in Chinese."""

from __future__ import annotations

from libs.labels import CodeTable, Labeller
from services.alerting.domain.codes import LEVEL_LABELS, STAGE_LABELS, STATE_LABELS

STAGE = CodeTable.of("alert_stage", "提醒阶段", STAGE_LABELS)
LEVEL = CodeTable.of("alert_level", "提醒级别", LEVEL_LABELS)
STATE = CodeTable.of("alert_state", "提醒状态", STATE_LABELS)
LABELLER = Labeller({"stage": STAGE, "level": LEVEL, "reached": LEVEL, "state": STATE})

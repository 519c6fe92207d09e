"""The code tables of an alert: how late its cause is (stage), the rungs of the ladder (level), and
where the alert is (state). Codes in English, labels in Chinese."""

from __future__ import annotations

from enum import StrEnum

from libs.labelled_enum import Labelled


class Stage(Labelled, StrEnum):
    """临期: the deadline is near; 超期: it has passed with the cause still undone."""

    IMMINENT = "imminent"
    OVERDUE = "overdue"


class Level(Labelled, StrEnum):
    """The escalation ladder is the org tree (DOMAIN.md §2): post → team → department → company."""

    ASSIGNEE = "assignee"  # 责任人: the occurrence's people and posts, the hazard's liable person
    TEAM = "team"  # 班组长
    DEPARTMENT = "department"  # 部门负责人
    PRINCIPAL = "principal"  # 主要负责人

    @property
    def rank(self) -> int:
        return LADDER.index(self)


LADDER = [Level.ASSIGNEE, Level.TEAM, Level.DEPARTMENT, Level.PRINCIPAL]


class State(Labelled, StrEnum):
    RAISED = "raised"  # raised, no level told yet (its first step is still to come)
    ESCALATED = "escalated"  # at least one level told, nobody has handled it
    ACKNOWLEDGED = "acknowledged"  # 已处置: someone said what was done; the ladder stops
    CLEARED = "cleared"  # 已销警 by an entitled person
    RESOLVED = "resolved"  # 自动解除: its cause is done

    @property
    def open(self) -> bool:
        return self in (State.RAISED, State.ESCALATED, State.ACKNOWLEDGED)


STAGE_LABELS = {Stage.IMMINENT: "临期", Stage.OVERDUE: "超期"}
LEVEL_LABELS = {Level.ASSIGNEE: "责任人", Level.TEAM: "班组长", Level.DEPARTMENT: "部门负责人",
                Level.PRINCIPAL: "主要负责人"}
STATE_LABELS = {State.RAISED: "已产生", State.ESCALATED: "提醒中", State.ACKNOWLEDGED: "已处置",
                State.CLEARED: "已销警", State.RESOLVED: "已自动解除"}
# What the alert is about, by cause and stage; a configured source of another cause names its own.
KIND_LABELS = {("occurrence", Stage.IMMINENT): "排查任务临期未排查",
               ("occurrence", Stage.OVERDUE): "排查任务超期未排查",
               ("hazard", Stage.IMMINENT): "隐患临期未整改", ("hazard", Stage.OVERDUE): "隐患超期未整改"}
CAUSE_LABELS = {"occurrence": "排查任务", "hazard": "隐患"}

def kind_label(cause_type: str, stage: Stage) -> str:
    return KIND_LABELS.get((cause_type, stage)) or f"{CAUSE_LABELS.get(cause_type, cause_type)}{STAGE_LABELS[stage]}"

"""Official code tables of a hazard (隐患), DOMAIN.md §5 and GOV-INTERFACE.md entity 6.

Values are the platforms' codes, labels their Chinese names; a platform that codes one differently
is mapped by its sync adapter, never here."""

from __future__ import annotations

from enum import IntEnum

from libs.labelled_enum import Labelled


class HazardLevel(Labelled, IntEnum):
    """dangerLevel: a 重大隐患 needs partial or full shutdown or outside help to fix."""

    GENERAL = 0
    MAJOR = 1

    @property
    def label(self) -> str:
        return HAZARD_LEVEL_LABELS[self]


HAZARD_LEVEL_LABELS = {HazardLevel.GENERAL: "一般隐患", HazardLevel.MAJOR: "重大隐患"}


class ManageType(Labelled, IntEnum):
    """dangerManageType: fixed on the spot, or by a deadline."""

    ON_THE_SPOT = 0
    BY_DEADLINE = 1

    @property
    def label(self) -> str:
        return MANAGE_TYPE_LABELS[self]


MANAGE_TYPE_LABELS = {ManageType.ON_THE_SPOT: "即查即改", ManageType.BY_DEADLINE: "限期整改"}


class HazardType(Labelled, IntEnum):
    """hazardDangerType."""

    SAFETY = 1
    PROCESS = 2
    ELECTRICAL = 3
    INSTRUMENT = 4
    FIRE = 5
    LAYOUT = 6  # 总图
    EQUIPMENT = 7
    OTHER = 8

    @property
    def label(self) -> str:
        return HAZARD_TYPE_LABELS[self]


HAZARD_TYPE_LABELS = dict(zip(HazardType, ("安全", "工艺", "电气", "仪表", "消防", "总图", "设备", "其他"),
                              strict=True))


class ManagementClass(Labelled, IntEnum):
    """managementClassification (park receiver)."""

    UNSAFE_ACT = 1
    UNSAFE_CONDITION = 2
    MANAGEMENT_DEFECT = 3

    @property
    def label(self) -> str:
        return MANAGEMENT_CLASS_LABELS[self]


MANAGEMENT_CLASS_LABELS = {ManagementClass.UNSAFE_ACT: "人的不安全行为",
                           ManagementClass.UNSAFE_CONDITION: "物的不安全状态",
                           ManagementClass.MANAGEMENT_DEFECT: "管理上的缺陷"}


class OccurrenceLink(Labelled, IntEnum):
    """occurrenceLink (发生环节, park receiver): where in the plant's life the hazard arose."""

    DESIGN = 1
    PRODUCT_DEFECT = 2
    STORAGE = 3
    CONSTRUCTION = 4
    START_STOP = 5  # 开停车
    OPERATION = 6
    UPKEEP = 7  # 维护保养
    REPAIR = 8
    CHANGE = 9
    TRANSPORT = 10

    @property
    def label(self) -> str:
        return OCCURRENCE_LINK_LABELS[self]


OCCURRENCE_LINK_LABELS = dict(zip(OccurrenceLink, ("设计", "产品质量缺陷", "仓储", "项目施工", "开停车", "使用操作",
                                                   "维护保养", "维修", "变更", "运输"), strict=True))


class DangerSource(Labelled, IntEnum):
    """dangerSrc: 1–8 are inspection's plan kinds (the same codes), 9 and 10 hazards' own."""

    ROUTINE = 1
    COMPREHENSIVE = 2
    SPECIALIST = 3
    SEASONAL = 4
    KEY_PERIOD_HOLIDAY = 5
    ACCIDENT_ANALOGY = 6
    BEFORE_RESUMPTION = 7
    EXTERNAL_EXPERT = 8
    MEASURE_FAILED = 9  # 管控措施失效
    OTHER = 10

    @property
    def label(self) -> str:
        return DANGER_SOURCE_LABELS[self]


DANGER_SOURCE_LABELS = dict(zip(DangerSource, (
    "日常排查", "综合性排查", "专业性排查", "季节性排查", "重点时段及节假日前排查", "事故类比排查", "复产复工前排查",
    "外聘专家诊断式排查", "管控措施失效", "其他"), strict=True))


class HazardCategory(Labelled, IntEnum):
    """hazardCategory: who registered it — one of a 重大危险源's three 包保责任人, or anyone else."""

    OTHER = 0
    BY_PRINCIPAL = 1
    BY_TECHNICAL = 2
    BY_OPERATIONAL = 3

    @property
    def label(self) -> str:
        return HAZARD_CATEGORY_LABELS[self]


HAZARD_CATEGORY_LABELS = {HazardCategory.OTHER: "其他隐患", HazardCategory.BY_PRINCIPAL: "主要负责人登记",
                          HazardCategory.BY_TECHNICAL: "技术负责人登记",
                          HazardCategory.BY_OPERATIONAL: "操作负责人登记"}


class DangerState(Labelled, IntEnum):
    """dangerState, the platforms' three states; the steps before rectification map onto 整改中
    (steps.py), a voided hazard is sent as deleted."""

    RECTIFYING = 0
    AWAITING_ACCEPTANCE = 1
    ACCEPTED = 9

    @property
    def label(self) -> str:
        return DANGER_STATE_LABELS[self]


DANGER_STATE_LABELS = {DangerState.RECTIFYING: "整改中", DangerState.AWAITING_ACCEPTANCE: "待验收",
                       DangerState.ACCEPTED: "已验收"}

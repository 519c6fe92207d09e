"""Official code tables of risk grading control (风险分级管控), DOMAIN.md §3 and
GOV-INTERFACE.md. Values are the official codes; labels are the official Chinese names."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from libs.labelled_enum import Labelled


class RiskLevel(Labelled, IntEnum):
    """风险等级: 1 重大 … 4 低 (the park platform's `riskClass`)."""

    MAJOR = 1  # 重大风险
    LARGE = 2  # 较大风险
    GENERAL = 3  # 一般风险
    LOW = 4  # 低风险

    @property
    def label(self) -> str:
        return RISK_LEVEL_LABELS[self]

    @property
    def colour(self) -> str:
        return RISK_COLOURS[self][0]


RISK_LEVEL_LABELS = {RiskLevel.MAJOR: "重大风险", RiskLevel.LARGE: "较大风险", RiskLevel.GENERAL: "一般风险",
                     RiskLevel.LOW: "低风险"}
# 四色图: colour name and the fill used on the map.
RISK_COLOURS = {RiskLevel.MAJOR: ("红", "#E53935"), RiskLevel.LARGE: ("橙", "#FB8C00"),
                RiskLevel.GENERAL: ("黄", "#FDD835"), RiskLevel.LOW: ("蓝", "#1E88E5")}


class ControlLevel(Labelled, StrEnum):
    """管控层级: who controls a risk of a given level (the four-level control lists)."""

    COMPANY = "company"  # 公司级
    DEPARTMENT = "department"  # 部门级
    TEAM = "team"  # 班组级
    POST = "post"  # 岗位级


CONTROL_LEVEL_LABELS = {ControlLevel.COMPANY: "公司级", ControlLevel.DEPARTMENT: "部门级",
                        ControlLevel.TEAM: "班组级", ControlLevel.POST: "岗位级"}


class RiskObjectKind(Labelled, StrEnum):
    """风险分析对象的类型."""

    MAJOR_HAZARD_SOURCE = "major_hazard_source"  # 重大危险源
    PROCESS_UNIT = "process_unit"  # 生产装置
    FACILITY = "facility"  # 设施
    AREA = "area"  # 区域/场所
    OPERATION = "operation"  # 作业活动


RISK_OBJECT_KIND_LABELS = {RiskObjectKind.MAJOR_HAZARD_SOURCE: "重大危险源", RiskObjectKind.PROCESS_UNIT: "生产装置",
                           RiskObjectKind.FACILITY: "设施", RiskObjectKind.AREA: "区域",
                           RiskObjectKind.OPERATION: "作业活动"}


class MajorHazardGrade(Labelled, IntEnum):
    """重大危险源分级 (GB 18218-2018): 一级 … 四级."""

    FIRST = 1
    SECOND = 2
    THIRD = 3
    FOURTH = 4


MAJOR_HAZARD_GRADE_LABELS = {MajorHazardGrade.FIRST: "一级", MajorHazardGrade.SECOND: "二级",
                             MajorHazardGrade.THIRD: "三级", MajorHazardGrade.FOURTH: "四级"}


class AccidentType(Labelled, IntEnum):
    """事故类别 (GB 6441-1986), in the standard's order."""

    STRUCK_BY_OBJECT = 1  # 物体打击
    VEHICLE = 2  # 车辆伤害
    MACHINERY = 3  # 机械伤害
    LIFTING = 4  # 起重伤害
    ELECTROCUTION = 5  # 触电
    DROWNING = 6  # 淹溺
    BURN = 7  # 灼烫
    FIRE = 8  # 火灾
    FALL_FROM_HEIGHT = 9  # 高处坠落
    COLLAPSE = 10  # 坍塌
    ROOF_FALL = 11  # 冒顶片帮
    WATER_INRUSH = 12  # 透水
    BLASTING = 13  # 放炮
    EXPLOSIVE_EXPLOSION = 14  # 火药爆炸
    GAS_EXPLOSION = 15  # 瓦斯爆炸
    BOILER_EXPLOSION = 16  # 锅炉爆炸
    VESSEL_EXPLOSION = 17  # 容器爆炸
    OTHER_EXPLOSION = 18  # 其他爆炸
    POISONING_ASPHYXIA = 19  # 中毒和窒息
    OTHER_INJURY = 20  # 其他伤害


ACCIDENT_TYPE_LABELS = dict(zip(AccidentType, (
    "物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "淹溺", "灼烫", "火灾", "高处坠落", "坍塌", "冒顶片帮",
    "透水", "放炮", "火药爆炸", "瓦斯爆炸", "锅炉爆炸", "容器爆炸", "其他爆炸", "中毒和窒息", "其他伤害"), strict=True))


class Classify1(Labelled, StrEnum):
    """管控措施分类1 (classify1)."""

    ENGINEERING = "1"  # 工程技术
    MAINTENANCE = "2"  # 维护保养
    OPERATION = "3"  # 操作行为
    EMERGENCY = "4"  # 应急措施


CLASSIFY1_LABELS = {Classify1.ENGINEERING: "工程技术", Classify1.MAINTENANCE: "维护保养",
                    Classify1.OPERATION: "操作行为", Classify1.EMERGENCY: "应急措施"}

class Classify2(Labelled, StrEnum):
    """管控措施分类2 (classify2), grouped under classify1 by its prefix. 2-3 and 3-4 (其他) are in
    DOMAIN.md and the provincial uploader; the park receiver rejects them, so its sync adapter maps them."""

    PROCESS_CONTROL = "1-1"  # 工艺控制
    KEY_EQUIPMENT = "1-2"  # 关键设备/部件
    SAFETY_ACCESSORY = "1-3"  # 安全附件
    SAFETY_INSTRUMENT = "1-4"  # 安全仪表
    ENGINEERING_OTHER = "1-5"  # 其他
    ROTATING_EQUIPMENT = "2-1"  # 动设备
    STATIC_EQUIPMENT = "2-2"  # 静设备
    MAINTENANCE_OTHER = "2-3"  # 其他
    QUALIFICATION = "3-1"  # 人员资质
    OPERATING_RECORD = "3-2"  # 操作记录
    SHIFT_HANDOVER = "3-3"  # 交接班
    OPERATION_OTHER = "3-4"  # 其他
    EMERGENCY_FACILITY = "4-1"  # 应急设施
    PERSONAL_PROTECTION = "4-2"  # 个体防护
    FIRE_FACILITY = "4-3"  # 消防设施
    EMERGENCY_PLAN = "4-4"  # 应急预案
    EMERGENCY_OTHER = "4-5"  # 其他


CLASSIFY2_LABELS = {
    "1-1": "工艺控制", "1-2": "关键设备/部件", "1-3": "安全附件", "1-4": "安全仪表", "1-5": "其他",
    "2-1": "动设备", "2-2": "静设备", "2-3": "其他",
    "3-1": "人员资质", "3-2": "操作记录", "3-3": "交接班", "3-4": "其他",
    "4-1": "应急设施", "4-2": "个体防护", "4-3": "消防设施", "4-4": "应急预案", "4-5": "其他",
}


class DataSource(Labelled, StrEnum):
    """管控方式 (dataSrc): 1 自动化监控, 2 隐患排查."""

    AUTOMATED_MONITORING = "1"
    INSPECTION = "2"


DATA_SOURCE_LABELS = {DataSource.AUTOMATED_MONITORING: "自动化监控", DataSource.INSPECTION: "隐患排查"}


class AssessmentMethod(Labelled, StrEnum):
    LEC = "LEC"  # 作业条件危险性分析法, D = L×E×C
    LS = "LS"  # 风险矩阵法, R = L×S


class RiskStage(Labelled, StrEnum):
    """固有风险 (before controls) and 剩余风险 (after controls)."""

    INHERENT = "inherent"
    RESIDUAL = "residual"


RISK_STAGE_LABELS = {RiskStage.INHERENT: "固有风险", RiskStage.RESIDUAL: "剩余风险"}

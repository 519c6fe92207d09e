"""Every code table of the risk registry, as one answer (`GET /code-tables`) and as the labels
beside coded fields in every answer (`LABELLER`). Codes and names are the official ones
(GB 6441-1986, GB 18218-2018, the government platforms) or the common practice of DOMAIN.md."""

from __future__ import annotations

from libs.labelled_enum import give_labels
from libs.labels import CodeTable, Labeller
from services.risk_registry.directory.domain.codes import ORG_UNIT_LABELS, PERSON_ROLE_LABELS, Industry
from services.risk_registry.directory.domain.duties import DutyKind
from services.risk_registry.risk_chain.domain.codes import (
    ACCIDENT_TYPE_LABELS,
    CLASSIFY1_LABELS,
    CLASSIFY2_LABELS,
    CONTROL_LEVEL_LABELS,
    DATA_SOURCE_LABELS,
    MAJOR_HAZARD_GRADE_LABELS,
    RISK_COLOURS,
    RISK_LEVEL_LABELS,
    RISK_OBJECT_KIND_LABELS,
    RISK_STAGE_LABELS,
    AssessmentMethod,
    Classify2,
)
from services.risk_registry.risk_chain.domain.grading import ALPHA_VALUES, LEC_C, LEC_E, LEC_L, LS_RANGE

ACCIDENT_TYPE = CodeTable.of("accident_type", "事故类别", ACCIDENT_TYPE_LABELS, source="GB 6441-1986")
RISK_LEVEL = CodeTable.of("risk_level", "风险等级", RISK_LEVEL_LABELS, source="四色图: 1 红 2 橙 3 黄 4 蓝",
                          colours={level: fill for level, (_, fill) in RISK_COLOURS.items()})
CONTROL_LEVEL = CodeTable.of("control_level", "管控层级", CONTROL_LEVEL_LABELS)
RISK_OBJECT_KIND = CodeTable.of("risk_object_kind", "风险分析对象类型", RISK_OBJECT_KIND_LABELS)
MAJOR_HAZARD_GRADE = CodeTable.of("major_hazard_grade", "重大危险源等级", MAJOR_HAZARD_GRADE_LABELS,
                                  source="GB 18218-2018")
CLASSIFY1 = CodeTable.of("classify1", "管控措施分类1", CLASSIFY1_LABELS)
CLASSIFY2 = CodeTable.of("classify2", "管控措施分类2", CLASSIFY2_LABELS,
                         parents={code: code.split("-", 1)[0] for code in CLASSIFY2_LABELS})
give_labels(Classify2, CLASSIFY2_LABELS)  # keyed by the codes themselves, not the members
DATA_SOURCE = CodeTable.of("data_source", "管控方式 (dataSrc)", DATA_SOURCE_LABELS)
ASSESSMENT_METHOD = CodeTable.of("assessment_method", "风险评价方法", {
    AssessmentMethod.LEC: "作业条件危险性分析法 (LEC)", AssessmentMethod.LS: "风险矩阵分析法 (LS)"})
RISK_STAGE = CodeTable.of("risk_stage", "风险评价阶段", RISK_STAGE_LABELS)
ORG_UNIT_KIND = CodeTable.of("org_unit_kind", "组织机构类型", ORG_UNIT_LABELS)
PERSON_ROLE = CodeTable.of("person_role", "人员职责", PERSON_ROLE_LABELS)
INDUSTRY = CodeTable.of("industry", "行业", {i: i.value for i in Industry})
# A duty a person or an org unit holds: what they must hand over before they go (…/duties,
# …/holdings) and why a risk or measure is someone's (…/my-post `duty_kinds`). Its codes are
# apart from the org unit and risk object kinds, so `kind` can carry all three.
DUTY_KIND = CodeTable.of("duty_kind", "职责", {
    DutyKind.GUARDIAN_PRINCIPAL: "重大危险源包保责任人（主要负责人）",
    DutyKind.GUARDIAN_TECHNICAL: "重大危险源包保责任人（技术负责人）",
    DutyKind.GUARDIAN_OPERATIONS: "重大危险源包保责任人（操作负责人）",
    DutyKind.UNIT_LIABLE: "风险分析单元责任人", DutyKind.CHILD_UNIT: "下级单位", DutyKind.MEMBER: "在岗人员",
    DutyKind.MEASURE: "岗位负责的管控措施", DutyKind.RISK_OBJECT: "部门负责的风险分析对象",
    DutyKind.RISK_UNIT: "部门负责的风险分析单元"})

# The scales of the LEC method (作业条件危险性分析法), with the usual wording of each step.
LEC_L_SCALE = CodeTable.of("lec_l", "LEC: L 发生事故的可能性", dict(zip(LEC_L, (
    "完全可以预料", "相当可能", "可能，但不经常", "可能性小，完全意外", "很不可能，可以设想", "极不可能",
    "实际不可能"), strict=True)))
LEC_E_SCALE = CodeTable.of("lec_e", "LEC: E 暴露于危险环境的频繁程度", dict(zip(LEC_E, (
    "连续暴露", "每天工作时间内暴露", "每周一次或偶然暴露", "每月一次暴露", "每年几次暴露", "非常罕见地暴露"),
    strict=True)))
LEC_C_SCALE = CodeTable.of("lec_c", "LEC: C 发生事故产生的后果", dict(zip(LEC_C, (
    "大灾难，许多人死亡", "灾难，数人死亡", "非常严重，一人死亡", "严重，重伤", "重大，致残", "引人注目，需要救护"),
    strict=True)))
# The scales of the LS method (风险矩阵分析法), 1–5 each, in the usual wording of the matrix.
LS_L_SCALE = CodeTable.of("ls_l", "LS: L 事故发生的可能性", dict(zip(LS_RANGE, (
    "极不可能：有充分、有效的防范和控制措施，从未发生过", "不太可能：防范和控制措施有效，危害一旦发生能及时发现",
    "可能：防范和控制措施不完善，过去曾经发生", "很可能：防范和控制措施不足，危害不易被发现，偶尔发生",
    "极有可能：没有防范和控制措施，或在正常情况下经常发生"), strict=True)))
LS_S_SCALE = CodeTable.of("ls_s", "LS: S 事故后果的严重性", dict(zip(LS_RANGE, (
    "轻微：无人员伤亡，财产损失轻微", "较小：人员轻伤，较小财产损失", "一般：人员重伤或职业病，一定财产损失",
    "严重：一人死亡或多人重伤，较大财产损失", "特别严重：多人死亡，重大财产损失"), strict=True)))
# Which scale each input of an assessment takes, by method (the `inputs` of …/assessments).
ASSESSMENT_SCALES = {AssessmentMethod.LEC: {"L": LEC_L_SCALE, "E": LEC_E_SCALE, "C": LEC_C_SCALE},
                     AssessmentMethod.LS: {"L": LS_L_SCALE, "S": LS_S_SCALE}}
# GB 18218-2018 table 5: α by the number of people exposed outside the plant within 500 m.
ALPHA = CodeTable.of("major_hazard_alpha", "重大危险源校正系数 α (厂外暴露人员)", dict(zip(ALPHA_VALUES, (
    "0人", "1~29人", "30~49人", "50~99人", "100人以上"), strict=True)), source="GB 18218-2018 表5")
# GB 18218-2018 tables 3 and 4: β by substance (the toxic gases of table 3) or by hazard class
# (table 4, for any substance not in table 3); one code per value, labelled with what takes it.
BETA = CodeTable.of("major_hazard_beta", "重大危险源校正系数 β (危险化学品)", {
    1: "表4：急性毒性J2、J5，气溶胶W3，氧化性气体W4，易燃液体W5.2~W5.4，自反应物质W6.2，有机过氧化物W7.2，"
       "自燃液体和自燃固体W8，氧化性固体和液体W9.1、W9.2，易燃固体W10，遇水放出易燃气体的物质W11",
    1.5: "表4：易燃气体W2，易燃液体W5.1，自反应物质W6.1，有机过氧化物W7.1",
    2: "表3：一氧化碳、二氧化硫、氨、环氧乙烷；表4：急性毒性J3、J4，爆炸物W1.1~W1.3",
    3: "表3：氯化氢、溴甲烷",
    4: "表3：氯；表4：急性毒性J1",
    5: "表3：硫化氢、氟化氢",
    10: "表3：二氧化氮、氰化氢",
    20: "表3：碳酰氯、磷化氢、异氰酸甲酯",
}, source="GB 18218-2018 表3、表4")

TABLES = (ACCIDENT_TYPE, RISK_LEVEL, CONTROL_LEVEL, RISK_OBJECT_KIND, MAJOR_HAZARD_GRADE, CLASSIFY1, CLASSIFY2,
          DATA_SOURCE, ASSESSMENT_METHOD, RISK_STAGE, ORG_UNIT_KIND, PERSON_ROLE, INDUSTRY,
          DUTY_KIND, LEC_L_SCALE, LEC_E_SCALE, LEC_C_SCALE, LS_L_SCALE, LS_S_SCALE, ALPHA, BETA)

# Which answer fields (read-model columns and event fields alike) hold which table's codes.
LABELLED_FIELDS: dict[str, CodeTable | tuple[CodeTable, ...]] = {
    "kind": (ORG_UNIT_KIND, RISK_OBJECT_KIND, DUTY_KIND),  # their codes do not overlap
    "object_kind": RISK_OBJECT_KIND,
    "level": RISK_LEVEL, "inherent_level": RISK_LEVEL, "residual_level": RISK_LEVEL, "from_level": RISK_LEVEL,
    "control_level": CONTROL_LEVEL,
    "hazard_grade": MAJOR_HAZARD_GRADE, "grade": MAJOR_HAZARD_GRADE,
    "accident_types": ACCIDENT_TYPE,
    "classify1": CLASSIFY1, "classify2": CLASSIFY2, "data_source": DATA_SOURCE,
    "method": ASSESSMENT_METHOD, "inherent_method": ASSESSMENT_METHOD, "residual_method": ASSESSMENT_METHOD,
    "stage": RISK_STAGE,
    "roles": PERSON_ROLE,
    "industry": INDUSTRY,
    "duty_kinds": DUTY_KIND,
}

LABELLER = Labeller(LABELLED_FIELDS)

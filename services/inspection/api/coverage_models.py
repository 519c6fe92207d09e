"""What the coverage report answers (排查任务覆盖情况): a section per check of seed 004 annex 3-1
item 1, each with its count and the offending rows (ids and Chinese names), and a summary; and the
rules it applies (最低排查频次 per control level)."""

from __future__ import annotations

from pydantic import Field

from libs.openapi import Record, Timestamp
from services.inspection.api.guardian_models import GuardianCoverage
from services.inspection.domain.wire import CheckCycle


class HazardSource(Record):
    object_id: str
    object_name: str | None = Field(description="重大危险源名称")


class HighRiskUnit(Record):
    unit_id: str
    unit_name: str | None = Field(description="风险分析单元名称")
    level: int = Field(description="风险等级 1 重大, 2 较大 (其风险事件当前等级中最高的)")
    level_label: str
    object_id: str | None
    object_name: str | None = Field(description="所属风险分析对象")


class PostGap(Record):
    post_id: str
    post_name: str | None = Field(description="岗位名称")
    people: int = Field(description="岗位上的在职人员数")
    measures: int = Field(description="以其为责任岗位的管控措施数")


class Side(Record):
    task_ids: list[str] = Field(description="排查任务 (同一计划的各岗位任务算作一项)")
    plan_id: str | None = Field(description="来自计划时的计划 ID")
    post_ids: list[str]
    post_names: list[str | None] = Field(description="岗位名称, 与 post_ids 对应")
    troubleshoot_content: str = Field(description="排查内容")


class CopiedPair(Record):
    score: float = Field(description="内容相似度 0–1")
    a: Side
    b: Side


class RoundTask(Record):
    task_id: str
    post_id: str
    post_name: str | None
    measure_id: str
    measure_description: str | None = Field(description="管控措施")
    classify2: str = Field(description="管控措施分类2 (1-1 工艺控制, 1-2 关键设备/部件, 2-1 动设备, 2-2 静设备)")
    classify2_label: str


class OpenItem(Record):
    no: int = Field(description="检查项序号")
    item: str = Field(description="检查项目")


class RoundPlan(Record):
    plan_id: str
    plan_title: str
    kind: int
    kind_label: str
    reason: str = Field(description="no_key_parameter 检查表无关键参数 / one_sided_range 安全范围缺上限或下限")
    reason_label: str
    items: list[OpenItem] = Field(description="缺上限或下限的关键参数项")
    post_ids: list[str]
    post_names: list[str | None]


class RareTask(Record):
    task_id: str
    post_id: str
    post_name: str | None
    measure_id: str
    measure_description: str | None
    control_level: str = Field(description="管控层级 (其风险事件的)")
    control_level_label: str
    cycle: str = Field(description="任务的排查周期")
    rule: str = Field(description="适用的最低频次规则")


class Rule(Record):
    control_level: str
    control_level_label: str
    check_cycle: CheckCycle
    check_cycle_unit: str
    text: str = Field(description="规则 (中文)")
    source: str = Field(description="默认 或 企业设定")


class CoverageRules(Record):
    """最低排查频次 (各管控层级)。"""

    rules: list[Rule]


class HazardSources(Record):
    count: int
    items: list[HazardSource]


class HighRiskUnits(Record):
    count: int
    items: list[HighRiskUnit]


class Posts(Record):
    count: int
    items: list[PostGap]


class CopiedTasks(Record):
    count: int = Field(description="达到阈值的任务对总数")
    listed: int = Field(description="列出的对数 (相似度最高的至多 200 对)")
    items: list[CopiedPair]


class KeyParameters(Record):
    count: int
    tasks: list[RoundTask] = Field(description="工艺、设备类管控措施的任务, 无计划的关键参数项记录其读数")
    plans: list[RoundPlan] = Field(description="巡检计划: 检查表无关键参数, 或关键参数缺上限或下限")


class Frequencies(Record):
    count: int
    items: list[RareTask]
    rules: list[Rule] = Field(description="所用的规则")


class Guardians(Record):
    count: int = Field(description="尚有清单项无任务的包保责任人 (重大危险源 × 角色)")
    items: list[GuardianCoverage] = Field(description="每处已指定包保责任人的重大危险源")


class Summary(Record):
    hazard_sources: int = Field(description="无排查任务的重大危险源")
    high_risk_units: int = Field(description="无排查任务的重大、较大风险单元")
    posts: int = Field(description="无排查任务的有责岗位")
    copied_tasks: int = Field(description="不同岗位间内容雷同的任务对")
    key_parameters: int = Field(description="未记录关键参数或安全范围的工艺、设备巡检")
    frequencies: int = Field(description="频次低于其管控层级最低要求的任务")
    guardians: int = Field(description="包保任务未覆盖全国清单的包保责任人 (重大危险源 × 角色)")
    total: int


class CoverageReport(Record):
    """排查任务覆盖情况 (监管检查表附件3-1 第1项)。"""

    enterprise_id: str
    generated_at: Timestamp
    similarity: float = Field(description="所用的相似度阈值")
    summary: Summary
    hazard_sources: HazardSources = Field(description="无排查任务的重大危险源")
    high_risk_units: HighRiskUnits = Field(description="无排查任务的重大、较大风险单元")
    posts: Posts = Field(description="无排查任务的有责岗位 (有在职人员, 或为管控措施的责任岗位)")
    copied_tasks: CopiedTasks = Field(description="不同岗位间内容雷同的任务")
    key_parameters: KeyParameters = Field(description="工艺、设备巡检未记录关键参数或安全范围")
    frequencies: Frequencies = Field(description="排查频次低于其管控层级的最低要求")
    guardians: Guardians = Field(description="三类包保责任人对全国包保任务清单的覆盖")



"""What the report routes answer: the rates of a period, per group and in total."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from libs.openapi import Record
from services.inspection.domain.report_period import RatesBy


class Rates(Record):
    """一组的排查统计: 应排查、已完成、按时完成、超期未排查, 及完成率与及时率。"""

    issued: int = Field(description="应排查次数 (本组内开始的各次排查, 含停机期间未下发即超期的)")
    open: int = Field(description="尚未结束 (待排查、临期): 不计入完成率与及时率")
    decided: int = Field(description="已有结果 (应排查 − 尚未结束): 完成率与及时率的分母")
    completed: int = Field(description="已完成: 有真实排查记录 (含超期后补交的)")
    completed_on_time: int = Field(description="按时完成: 排查时间在时段内 (超期后才收到的也算)")
    missed: int = Field(description="超期未排查 (其后收到时段内的记录, 仍计超期)")
    not_checked: int = Field(description="以「未排查」记录结束的次数: 不计为完成")
    completion_rate: float | None = Field(description="完成率 0–1 (已完成 / 已有结果); 无结果时为空")
    on_time_rate: float | None = Field(description="及时率 0–1 (按时完成 / 已有结果); 无结果时为空")


class RateGroup(Rates):
    group: str | None = Field(description="岗位 ID (by=post; 仅下发到人员时为空), 部门 ID (by=department; "
                                          "仅下发到人员或岗位不在任何部门下时为空), 任务类型 workType 0–3 (by=role), "
                                          "日期 (by=day), 该周周一的日期 (by=week)")
    group_name: str | None = Field(None, description="岗位或部门名称 (尚未收到时为空), 任务类型名称 (日常、主要负责人、"
                                                     "技术负责人、操作负责人)")


class OccurrenceRates(Record):
    """排查完成率与及时率: 按岗位、部门、包保角色、按日或按周, 及全企业合计。"""

    by: RatesBy
    first_day: date = Field(description="统计起始日 (含, 北京时间)")
    last_day: date = Field(description="统计截止日 (含, 北京时间)")
    groups: list[RateGroup] = Field(description="按日、按周时列出时段内每一天、每一周, 按部门时列出每个部门, "
                                                "按包保角色时列出四种任务类型 (无排查的也列出)")
    total: Rates = Field(description="全企业合计: 按岗位、部门时不是各组之和 (一次排查下发到两个岗位, 在两组都计)")

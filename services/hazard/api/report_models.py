"""What hazard governance's reports answer: the 公示 table."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from libs.openapi import Record


class PublicityRow(Record):
    department_id: str | None = Field(description="部门; 为空: 尚未评估且未注明发现部门的隐患")
    department_name: str | None = Field(description="部门名称; 尚未收到该部门信息时为空")
    found: int = Field(description="本期发现隐患数 (不含作废)")
    rectified: int = Field(description="至期末已整改 (销号) 数")
    on_time: int = Field(description="按期整改数 (按当时有效的整改期限, 批准的延期计入)")
    overdue: int = Field(description="曾超期未整改数")
    open: int = Field(description="至期末未整改数")
    rate: float | None = Field(description="整改率 % (一位小数); 无隐患时为空")


class Publicity(Record):
    """隐患排查治理公示表: per department, the hazards found in the period and what became of them."""

    first_day: date
    last_day: date
    rows: list[PublicityRow]
    total: PublicityRow

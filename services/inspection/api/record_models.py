"""What the check-record routes answer (the read model's rows, projections/records.py)."""

from __future__ import annotations

from pydantic import Field

from libs.openapi import Record, Timestamp
from libs.pagination import Page
from services.inspection.domain.codes import CheckStatus


class ItemAnswered(Record):
    item_id: str = Field(description="检查项编号")
    abnormal: bool = Field(description="是否异常 (含读数超出安全范围)")
    note: str | None
    reading: float | None = Field(description="关键参数读数")
    unit: str | None = Field(description="计量单位")
    low: float | None = Field(description="安全范围下限 (含)")
    high: float | None = Field(description="安全范围上限 (含)")
    out_of_range: bool = Field(description="读数超出安全范围")
    photo_ids: list[str]


class Place(Record):
    lat: float
    lng: float


class CheckRecord(Record):
    """排查记录, with every field the platforms ask of one."""

    id: str
    client_id: str = Field(description="手机端记录编号")
    enterprise_id: str
    occurrence_id: str = Field(description="本次排查")
    task_id: str = Field(description="排查任务 checkTaskId")
    window_start: Timestamp
    window_end: Timestamp
    status: CheckStatus = Field(description="排查状态 checkStatus: 0 正常 1 存在隐患 2 未排查 3 其他")
    made_at: Timestamp = Field(description="排查时间 checkTime (手机时间)")
    received_at: Timestamp = Field(description="服务器收到的时间")
    late: bool = Field(description="补录: 排查时间已过本次截止时间")
    on_time: bool = Field(description="按时: 在本次时段内排查 (即使收到时已过截止时间)")
    items: list[ItemAnswered]
    note: str | None
    hazards: int = Field(description="发现隐患数 (异常项数)")
    photo_ids: list[str]
    reporter_id: str = Field(description="排查人")
    recorded_by: str | None = Field(None, description="代录人: 安全管理员代排查人提交时为其编号, 本人提交为空")
    reporter_mobile: str = Field(description="排查人手机号 createByMobile; 本人与监督角色可见全号, 其他人打码")
    mobile_me: str | None = Field(description="设备标识 mobileMe")
    is_defend: bool = Field(description="是否包保任务 isDefend")
    location: Place | None
    recorded_at: Timestamp


CheckRecordPage = Page[CheckRecord]

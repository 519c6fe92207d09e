"""The command a phone sends for a check record (排查记录), also its HTTP body. The domain checks
the values against the task's checklist and window (domain/record*.py, Chinese messages naming the
field, `items[0].reading`); the types here say what the document promises and bound the sizes."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import Field

from libs.blobs import PhotoId
from libs.commands import Command, EnterpriseCommand
from services.inspection.domain.codes import CheckStatus

RECORD_PHOTOS = 20  # photos of one record, besides its items' own
ITEM_PHOTOS = 10
ITEMS = 500  # a checklist longer than this is not filled in on a phone


class ItemAnswer(Command):  # a Command for its strictness: no boolean for a reading, no control characters
    """One checklist item as the person checked it."""

    item_id: str = Field(..., min_length=1, max_length=64, description="检查项编号 (检查表中的 item_id)")
    abnormal: bool = Field(False, description="是否异常; 关键参数读数超出安全范围时无论勾选与否都判为异常")
    note: str | None = Field(None, max_length=500, description="情况说明; 异常项必填")
    reading: Decimal | None = Field(None, description="关键参数读数 (按检查项的计量单位); 非关键参数不填")
    photo_ids: list[PhotoId] = Field([], max_length=ITEM_PHOTOS, description="本项照片 (先上传)")


class Place(Command):
    """Where the phone was (WGS-84 degrees)."""

    lat: float = Field(..., ge=-90, le=90, description="纬度")
    lng: float = Field(..., ge=-180, le=180, description="经度")


class RecordCheck(EnterpriseCommand):
    """提交排查记录: made on the phone (maybe offline), sent once or more; one record per client_id."""

    client_id: uuid.UUID = Field(..., description="手机端生成的记录编号 (UUID); 重复提交得到同一条记录")
    occurrence_id: str = Field(..., min_length=1, max_length=64, description="本次排查 (一次排查的编号)")
    made_at: datetime = Field(..., description="排查时间 checkTime (手机时间); 不带时区即北京时间")
    items: list[ItemAnswer] = Field([], max_length=ITEMS, description="各检查项的结果")
    status: CheckStatus | None = Field(None, description="排查状态 checkStatus: 0 正常 1 存在隐患 2 未排查 3 其他; "
                                       "不填由检查项推定, 有异常项即为 1")
    note: str | None = Field(None, max_length=1000, description="说明; 状态为 2 未排查 或 3 其他 时必填")
    create_by_mobile: str = Field(..., min_length=11, max_length=11, description="排查人手机号 createByMobile")
    mobile_me: str | None = Field(None, max_length=64, description="设备标识 mobileMe (IMEI 等)")
    is_defend: bool | None = Field(None, description="是否包保任务 isDefend: 由任务决定; 填写时须与任务一致")
    location: Place | None = Field(None, description="排查位置 (可选)")
    photo_ids: list[PhotoId] = Field([], max_length=RECORD_PHOTOS, description="记录照片 (先上传, 填 photo_id)")
    late: bool = Field(False, description="补录: 排查时间已过本次截止时间时须为 true")
    on_behalf_of: str | None = Field(None, min_length=1, max_length=64,
                                     description="代录: 安全管理员代本次排查的排查人员提交时, 填该人员编号; "
                                                 "记录的排查人为该人员, 代录人为当前用户")

    def all_photo_ids(self) -> list[str]:
        """Every photo the record names, its own and its items', each once."""
        named = [*self.photo_ids, *(p for item in self.items for p in item.photo_ids)]
        return list(dict.fromkeys(named))

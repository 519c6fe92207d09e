"""HTTP for the working calendar (工作日历): the platform admin loads a year's holidays as data
(platform-wide, no enterprise in the path); anyone signed in reads which years are known; an
enterprise's admin and safety officer see whether next year's calendar is still missing."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import Field

from libs.acting import acting
from libs.auth import Role, current_principal, enterprise_scope, require_roles
from libs.errors import found
from libs.openapi import READ, Record, Timestamp, errors
from libs.repository import CommandContext
from services.inspection.application import calendar as cal
from services.inspection.application import calendar_reading as reading
from services.inspection.domain.calendar_override import YEARS

calendar_platform = APIRouter(tags=["工作日历"])
calendar_scoped = APIRouter(prefix="/enterprises/{enterprise_id}", tags=["工作日历"],
                            dependencies=[Depends(enterprise_scope)])
Source = Literal["库", "导入"]
YEAR = Path(..., ge=YEARS.start, le=YEARS.stop - 1, description="年份")


class KnownYear(Record):
    year: int
    source: Source = Field(description="来源: 库 (节假日库) 或 导入 (平台管理员导入, 优先于库)")
    loaded_by: str | None = Field(description="导入人; 来自库时为空")
    loaded_at: Timestamp | None


class CalendarYears(Record):
    years: list[KnownYear] = Field(description="已知的年份, 从早到晚")
    missing: list[int] = Field(description="今年与明年中尚无节假日安排的年份")


class CalendarYearDays(KnownYear):
    holidays: list[date] = Field(description="节假日 (工作日放假的日期)")
    workdays: list[date] = Field(description="调休上班日 (周末上班的日期)")


class CalendarStatus(Record):
    ok: bool = Field(description="明年的节假日安排是否无需提醒 (已知, 或未到12月)")
    missing_year: int | None = Field(description="尚未导入的明年年份; 无提醒时为空")
    message: str | None = Field(description="提醒 (中文); 无提醒时为空")


async def book(request: Request) -> cal.CalendarBook:
    return request.app.state.inspection.calendar_book


@calendar_platform.put("/calendar/years/{year}", summary="导入某年节假日安排 (平台管理员)",
                       response_model=CalendarYearDays, responses=errors(401, 403, 404, 409, 422),
                       description="国务院办公厅通知中的节假日与调休上班日; 再次导入同一年整体替换, 历次导入留存。"
                                   "立即生效, 无需重启。")
async def load_year(cmd: cal.LoadCalendarYear, year: int = YEAR,
                    ctx: CommandContext = acting(Role.PLATFORM_ADMIN), b: cal.CalendarBook = Depends(book)):
    await cal.load_year(year, cmd, b, ctx)
    return await reading.year(b, year)


@calendar_platform.get("/calendar/years", summary="工作日历已知年份与缺失年份",
                       response_model=CalendarYears, responses=errors(401),
                       dependencies=[Depends(current_principal)])
async def list_years(b: cal.CalendarBook = Depends(book)):
    return await reading.years(b)


@calendar_platform.get("/calendar/years/{year}", summary="某年的节假日与调休上班日",
                       response_model=CalendarYearDays, responses=READ | errors(422),
                       dependencies=[Depends(current_principal)])
async def get_year(year: int = YEAR, b: cal.CalendarBook = Depends(book)):
    return found(await reading.year(b, year), f"{year}年的节假日安排", "year")


@calendar_scoped.get("/calendar/status", summary="工作日历提醒 (明年节假日安排是否已导入)",
                     response_model=CalendarStatus, responses=READ,
                     dependencies=[Depends(require_roles(Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER))])
async def calendar_status(enterprise_id: str, b: cal.CalendarBook = Depends(book)):
    return await reading.status(b)

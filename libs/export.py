"""Tables for people who open them in Excel: CSV (UTF-8 with BOM, so Excel reads Chinese) and
XLSX (`libs.xlsx`: text stays text, dates are dates, memory stays flat however many rows).
Rendering runs in a worker thread, so a large export slows the service's other requests (they
share the interpreter) instead of freezing its event loop."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from libs.errors import AppError
from libs.xlsx import MAX_ROWS, PLAIN, Layout, TooManyRows, write_xlsx


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # 中文表头
    render: Callable[[Any], Any] = lambda v: v
    width: int = 16
    fills: Mapping[str, str] | None = None  # rendered text → XLSX fill colour (RGB hex), e.g. 风险等级


def _values(columns: Sequence[Column], row: dict) -> list:
    return [c.render(row.get(c.key)) for c in columns]


# OWASP's CSV-injection rule: a spreadsheet opening a CSV runs a cell that starts with one of
# these as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`, and after a tab or CR the same).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """The CSV cell for `value`: text that a spreadsheet would read as a formula gets a leading
    apostrophe, which makes it text. Only text: a real number (int, float, Decimal) is written
    as itself, so a negative number in a numeric column stays a number."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Sequence[Column], rows: Iterable[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutral(c.header) for c in columns])
    for row in rows:
        writer.writerow([neutral(v) for v in _values(columns, row)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(title: str, columns: Sequence[Column], rows: Iterable[dict], caption: str | None = None) -> bytes:
    """A bare table; with a `caption`, a document to hand in: the caption as a merged title row,
    序号, wrapped text, an autofilter and the columns' fills (`libs.xlsx.Layout`)."""
    layout = PLAIN if caption is None else Layout(
        caption=caption, numbered=True, wrap=True, autofilter=True,
        fills={i: c.fills for i, c in enumerate(columns) if c.fills})
    return write_xlsx(title, [c.header for c in columns], [c.width for c in columns],
                      (_values(columns, row) for row in rows), layout)


MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def download(filename: str, fmt: str, title: str, columns: Sequence[Column], rows: Iterable[dict],
                   caption: str | None = None) -> Response:
    """The rows as a CSV or XLSX attachment; `caption` makes the XLSX a document (`to_xlsx`). A
    CSV stays a bare table (header, rows), so it reads back into any tool."""
    if fmt == "csv":
        body = await asyncio.to_thread(to_csv, columns, rows)
    else:
        try:
            body = await asyncio.to_thread(to_xlsx, title, columns, rows, caption)
        except TooManyRows as exc:
            raise AppError(f"导出行数超过 Excel 工作表上限（{MAX_ROWS - 1:,} 行），请按部门或风险等级筛选后分批导出，"
                           "或选择 CSV 格式", field="format", code="too_many_rows") from exc
    name = f"{filename}.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"export.{fmt}\"; filename*=UTF-8''{quote(name)}"})

"""Tables for people who open them in Excel: CSV (UTF-8 with BOM, so Excel reads Chinese) and
XLSX (openpyxl in write-only mode, so memory stays flat however many rows)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # 中文表头
    render: Callable[[Any], Any] = lambda v: v
    width: int = 16


def _cells(columns: Sequence[Column], row: dict) -> list:
    out = []
    for c in columns:
        value = c.render(row.get(c.key))
        out.append("" if value is None else value)
    return out


def to_csv(columns: Sequence[Column], rows: Iterable[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow(_cells(columns, row))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(title: str, columns: Sequence[Column], rows: Iterable[dict]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.header)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append(_cells(columns, row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(filename: str, fmt: str, title: str, columns: Sequence[Column], rows: Iterable[dict]) -> Response:
    body = to_csv(columns, rows) if fmt == "csv" else to_xlsx(title, columns, rows)
    name = f"{filename}.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"export.{fmt}\"; filename*=UTF-8''{quote(name)}"})

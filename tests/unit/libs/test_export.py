"""The export tables as Excel reads them: Chinese headers, values in order, text stays text."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from libs import xlsx
from libs.errors import AppError
from libs.export import FORMULA_STARTS, Column, download, to_csv, to_xlsx

COLUMNS = [Column("name", "名称", width=30), Column("level", "风险等级", render=lambda v: {1: "重大风险"}.get(v, v)),
           Column("count", "数量"), Column("reassess_on", "复评日期")]
ROWS = [{"name": "储罐区", "level": 1, "count": 3, "reassess_on": date(2027, 3, 1)},
        {"name": "=HYPERLINK(\"http://evil\",\"点我\")", "level": None, "count": 0}]


def test_xlsx_has_chinese_headers_rendered_values_and_blank_for_missing():
    sheet = load_workbook(io.BytesIO(to_xlsx("控制措施清单", COLUMNS, ROWS))).active
    assert sheet.title == "控制措施清单"
    assert [c.value for c in sheet[1]] == ["名称", "风险等级", "数量", "复评日期"]
    assert sheet[1][0].font.bold
    assert [c.value for c in sheet[2]][:3] == ["储罐区", "重大风险", 3]
    assert sheet[3][1].value in (None, "")


def test_xlsx_dates_are_dates_that_excel_shows_as_dates():
    cell = load_workbook(io.BytesIO(to_xlsx("t", COLUMNS, ROWS))).active["D2"]
    assert cell.value == datetime(2027, 3, 1)
    assert cell.number_format == "yyyy-mm-dd"


def test_xlsx_never_turns_user_text_into_a_formula():
    cell = load_workbook(io.BytesIO(to_xlsx("t", COLUMNS, ROWS))).active["A3"]
    assert cell.data_type == "s"
    assert cell.value == ROWS[1]["name"]


def test_xlsx_sheet_title_is_cut_to_excels_31_characters():
    title = "很长的清单名称" * 6
    assert load_workbook(io.BytesIO(to_xlsx(title, COLUMNS, ROWS))).active.title == title[:31]


def test_csv_starts_with_a_bom_so_excel_reads_chinese():
    body = to_csv(COLUMNS, ROWS)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["名称", "风险等级", "数量", "复评日期"]
    assert rows[1] == ["储罐区", "重大风险", "3", "2027-03-01"]


async def test_an_xlsx_larger_than_a_sheet_is_a_clear_400_naming_the_format(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)
    with pytest.raises(AppError) as refused:
        await download("清单", "xlsx", "清单", COLUMNS, ROWS)
    assert refused.value.status == 400 and refused.value.field == "format"
    assert "CSV" in refused.value.message
    assert (await download("清单", "csv", "清单", COLUMNS, ROWS)).status_code == 200


# ---- CSV formula injection (OWASP): every leading character a spreadsheet reads as a formula ----

@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_that_a_spreadsheet_would_run_is_written_as_text(start):
    payload = f'{start}HYPERLINK("http://x","点我")'
    columns = [Column("name", "名称"), Column("rendered", "等级", render=lambda v: payload)]
    body = to_csv(columns, [{"name": payload, "rendered": None}])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + payload, "'" + payload]  # a raw value and a rendered one alike
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


def test_csv_keeps_ordinary_text_and_real_numbers_as_they_are():
    columns = [Column("name", "名称"), Column("value", "剩余风险值"), Column("delta", "变化")]
    rows = [{"name": "储罐区 = 罐组A", "value": -3, "delta": -0.5}, {"name": "中间-号", "value": Decimal("-2.5")}]
    got = list(csv.reader(io.StringIO(to_csv(columns, rows).decode("utf-8-sig"))))
    # Negative numbers in numeric columns stay numbers; only text that starts like a formula is touched.
    assert got[1:] == [["储罐区 = 罐组A", "-3", "-0.5"], ["中间-号", "-2.5", ""]]


def test_a_header_is_neutralised_too():
    body = to_csv([Column("x", "=1+1")], [])
    assert body.decode("utf-8-sig").splitlines()[0] == "'=1+1"

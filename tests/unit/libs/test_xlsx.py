"""`libs.xlsx`: the workbook is a well-formed package that Excel readers (openpyxl here) read back
value for value — whatever characters the text holds."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum, IntEnum
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from libs import xlsx
from libs.xlsx import MAX_TEXT, TooManyRows, column_letters, sheet_name, write_xlsx

TRICKY_TEXT = [
    "储罐区 & <阀门> \"泄漏\" 'x'",
    "  前后有空格  ",
    "行一\n行二\t制表",
    "=SUM(A1:A2)",
    "@cmd",
    "😀 astral",
]


def read_back(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_every_part_is_well_formed_xml():
    data = write_xlsx("清单", ["名称"], [20], [[t] for t in TRICKY_TEXT])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "xl/worksheets/sheet1.xml" in package.namelist()
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_text_reads_back_as_the_same_text_never_a_formula(text):
    rows = read_back(write_xlsx("清单", ["名称"], [20], [[text]]))
    assert rows[1][0] == text


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


def test_characters_xml_cannot_carry_use_excels_escape_and_a_literal_escape_is_escaped():
    sheet = sheet_xml(write_xlsx("t", ["名称"], [20], [["控制字符\x01\x1f结束"], ["字面的 _x0041_ 不是转义"],
                                                       ["回车\r\n换行"]]))
    # Excel reads `_xHHHH_` as the character U+HHHH, and `_x005F_` as a literal underscore
    assert "控制字符_x0001__x001F_结束" in sheet
    assert "字面的 _x005F_x0041_ 不是转义" in sheet
    assert "回车_x000D_\n换行" in sheet  # a raw CR would be read back as LF


def test_text_beyond_what_a_cell_holds_is_cut_to_it():
    assert read_back(write_xlsx("t", ["x"], [8], [["长" * (MAX_TEXT + 10)]]))[1][0] == "长" * MAX_TEXT


class Kind(str, Enum):  # noqa: UP042 — the mixin whose str() is "Kind.AREA", not its value
    AREA = "area"


class Level(IntEnum):
    MAJOR = 1


def test_enums_decimals_and_float_subclasses_are_written_as_their_values():
    class Measured(float):
        pass

    row = [Kind.AREA, Level.MAJOR, Decimal("1.5"), Measured(2.5), Decimal("NaN"), 12345678901234567890]
    got = read_back(write_xlsx("t", [str(i) for i in range(len(row))], [8] * len(row), [row]))[1]
    assert got == ["area", 1, 1.5, 2.5, "NaN", "12345678901234567890"]  # beyond 15 digits Excel would round


def test_times_are_shown_in_beijing_time_and_dates_before_march_1900_follow_excels_calendar():
    row = [datetime(2026, 11, 23, 16, 0, tzinfo=UTC), date(1900, 1, 15), date(1900, 3, 1), date(1899, 6, 1)]
    got = read_back(write_xlsx("t", ["a", "b", "c", "d"], [8] * 4, [row]))[1]
    assert got[0] == datetime(2026, 11, 24, 0, 0)
    assert got[1:3] == [datetime(1900, 1, 15), datetime(1900, 3, 1)]
    assert got[3] == "1899-06-01"  # before Excel's first day: as text


def test_more_rows_than_a_sheet_holds_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    write_xlsx("t", ["x"], [8], [[1], [2]])
    with pytest.raises(TooManyRows):
        write_xlsx("t", ["x"], [8], [[1], [2], [3]])


def test_numbers_booleans_dates_and_blanks_keep_their_kind():
    values = [3, -2.5, True, date(2027, 3, 1), datetime(2027, 3, 1, 8, 30), None, float("nan"), 2 ** 40, ""]
    headers = [f"列{i}" for i in range(len(values))]
    sheet = load_workbook(io.BytesIO(write_xlsx("t", headers, [12] * len(values), [values]))).active
    got = [c.value for c in sheet[2]]
    assert got[:3] == [3, -2.5, True]
    assert got[3] == datetime(2027, 3, 1) and sheet["D2"].number_format == "yyyy-mm-dd"
    assert got[4] == datetime(2027, 3, 1, 8, 30) and sheet["E2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert got[5] is None
    assert got[6] == "nan" and not math.isnan(got[7]) and got[7] == 2 ** 40
    assert got[8] is None  # empty text is a blank cell, as Excel keeps it


def test_header_is_bold_and_frozen_and_columns_have_their_widths():
    sheet = load_workbook(io.BytesIO(write_xlsx("t", ["名称", "等级"], [30, 8], [["a", 1]]))).active
    assert [c.value for c in sheet[1]] == ["名称", "等级"]
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30 and sheet.column_dimensions["B"].width == 8


def test_many_rows_arrive_in_order():
    rows = [[f"第{n}行", n] for n in range(2_345)]
    assert read_back(write_xlsx("t", ["名称", "序号"], [10, 10], rows))[1:] == rows


def test_column_letters_run_past_z():
    assert [column_letters(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


def test_sheet_names_are_what_excel_accepts():
    assert sheet_name("风险/隐患[2026]:清单?") == "风险_隐患_2026__清单_"
    assert sheet_name("很长的清单名称" * 6) == ("很长的清单名称" * 6)[:31]
    assert sheet_name("") == "Sheet1"
    assert sheet_name("a" * 30 + "'b") == "a" * 30  # cut first, then no apostrophe last
    assert sheet_name("😀" * 20) == "😀" * 15  # 31 UTF-16 units: an emoji takes two
    assert sheet_name("History") == "History_"
    assert load_workbook(io.BytesIO(write_xlsx("a&b <c>", ["x"], [8], []))).active.title == "a&b <c>"


# ---- a document to hand in: title row, 序号, wrapped bordered cells, autofilter, fills ----------

RED, BLUE = "E53935", "1E88E5"
DOCUMENT = xlsx.Layout(caption="某化工有限公司 风险清单 2026-12-02", numbered=True, wrap=True, autofilter=True,
                       fills={1: {"重大风险": RED, "低风险": BLUE}})
DOC_ROWS = [["储罐超温", "重大风险", date(2027, 3, 1)], ["泵密封泄漏", "低风险", None], ["卸车", "未评价", None]]


def document():
    return load_workbook(io.BytesIO(write_xlsx("风险清单", ["风险事件", "风险等级", "复评日期"], [30, 12, 12],
                                               DOC_ROWS, DOCUMENT))).active


def test_a_document_has_a_merged_title_row_then_the_header_with_a_number_column():
    sheet = document()
    assert sheet["A1"].value == DOCUMENT.caption and sheet["A1"].font.bold and sheet["A1"].font.sz == 16
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert [c.value for c in sheet[2]] == ["序号", "风险事件", "风险等级", "复评日期"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3)] == [
        [1, "储罐超温", "重大风险", datetime(2027, 3, 1)], [2, "泵密封泄漏", "低风险", None],
        [3, "卸车", "未评价", None]]
    assert sheet.freeze_panes == "A3"  # title and header stay in view
    assert sheet.column_dimensions["A"].width == 6 and sheet.column_dimensions["B"].width == 30


def test_a_document_wraps_text_in_bordered_cells_and_keeps_dates_as_dates():
    sheet = document()
    assert sheet["B3"].alignment.wrap_text and sheet["B3"].border.left.style == "thin"
    assert sheet["B2"].font.bold and sheet["B2"].alignment.wrap_text and sheet["B2"].border.bottom.style == "thin"
    assert sheet["D3"].number_format == "yyyy-mm-dd" and sheet["D3"].border.top.style == "thin"


def test_a_document_filters_on_its_header_over_every_row():
    sheet = document()
    assert sheet.auto_filter.ref == "A2:D5"
    with zipfile.ZipFile(io.BytesIO(write_xlsx("风险清单", ["x"], [8], [["a"]], DOCUMENT))) as package:
        assert "_xlnm._FilterDatabase" in package.read("xl/workbook.xml").decode()


def test_a_document_colours_the_cells_whose_text_has_a_colour_and_only_those():
    sheet = document()
    assert sheet["C3"].fill.fgColor.rgb == "FF" + RED and sheet["C3"].fill.fill_type == "solid"
    assert sheet["C4"].fill.fgColor.rgb == "FF" + BLUE
    assert sheet["C3"].font.color.rgb == "FFFFFFFF"  # white on a dark fill
    assert sheet["C5"].fill.fill_type is None  # 未评价: no colour
    assert sheet["B3"].fill.fill_type is None  # another column with the same text would not be coloured


def test_a_document_prints_landscape_one_page_wide_with_title_and_header_on_every_page():
    sheet = document()
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$2"


def test_an_empty_document_is_still_well_formed():
    data = write_xlsx("清单", ["a", "b"], [8, 8], [], DOCUMENT)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))
    assert load_workbook(io.BytesIO(data)).active.auto_filter.ref == "A2:C2"

"""`libs.xlsx`: the workbook is a well-formed package that Excel readers (openpyxl here) read back
value for value — whatever characters the text holds."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from libs.xlsx import column_letters, sheet_name, write_xlsx

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


def test_characters_xml_cannot_carry_use_excels_escape_and_a_literal_escape_is_escaped():
    data = write_xlsx("t", ["名称"], [20], [["控制字符\x01\x1f结束"], ["字面的 _x0041_ 不是转义"]])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    # Excel reads `_xHHHH_` as the character U+HHHH, and `_x005F_` as a literal underscore
    assert "控制字符_x0001__x001F_结束" in sheet
    assert "字面的 _x005F_x0041_ 不是转义" in sheet


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
    assert load_workbook(io.BytesIO(write_xlsx("a&b <c>", ["x"], [8], []))).active.title == "a&b <c>"

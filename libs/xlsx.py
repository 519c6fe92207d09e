"""A one-sheet XLSX workbook written straight as SpreadsheetML (ECMA-376), row by row.

Not a library, for speed and safety (decision 12): a cell here is one formatted string. Text
is always an inline string — never a formula or a link; numbers are numbers; dates are date
serials shown as `yyyy-mm-dd` (times with a zone in Beijing time); the header row is bold
and frozen; columns have widths. The sheet XML streams into the ZIP in chunks, so memory
stays flat however many rows.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from libs.clock import CHINA_TIME

MAX_ROWS = 1_048_576  # Excel's sheet, header included
MAX_TEXT = 32_767  # characters Excel keeps in a cell
_EXACT = 10 ** 15  # Excel keeps 15 significant digits: larger integers (IDs, codes) go as text
_ROWS_PER_CHUNK = 500
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry, and CR, which XML parsers turn into LF: Excel reads them
# back from its own `_xHHHH_` escape, so a literal `_xHHHH_` in text is escaped the same way
# (`_x005F_` is the underscore).
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
# Excel's day 0 is 1899-12-30 from March 1900 on; before, it counts a 29 February 1900 that
# never was, so January and February 1900 start a day later. Earlier dates it cannot show.
_EPOCH, _EPOCH_BEFORE_MARCH_1900 = datetime(1899, 12, 30), datetime(1899, 12, 31)
_MARCH_1900, _FIRST_DAY = datetime(1900, 3, 1), datetime(1900, 1, 1)

BOLD, DATE, DATETIME = 1, 2, 3  # cellXfs indexes in _STYLES


class TooManyRows(ValueError):
    pass


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _NOT_XML.search(value):
        value = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    if "&" in value or "<" in value or ">" in value:  # rare; `escape` on every cell would cost more
        value = escape(value)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def cell(ref: str, value: Any, style: int = 0) -> str:
    """The `<c>` element for `value` at `ref`; nothing for None or empty text (a blank cell)."""
    kind = type(value)
    if kind is str:
        return f'<c r="{ref}"{_style(style)} t="inlineStr">{_text(value)}</c>' if value else ""
    if (kind is int and -_EXACT < value < _EXACT) or (kind is float and math.isfinite(value)):
        return f'<c r="{ref}"{_style(style)}><v>{value!r}</v></c>'
    if value is None:
        return ""
    return _rarer(ref, value, style)


def _style(style: int) -> str:
    return f' s="{style}"' if style else ""


def _rarer(ref: str, value: Any, style: int) -> str:
    """The kinds that are not plain text or numbers, kept off the path every cell takes."""
    if isinstance(value, bool):
        return f'<c r="{ref}"{_style(style)} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, str):  # a str enum: its value, not its name
        return cell(ref, str.__str__(value), style)
    if isinstance(value, datetime):
        serial = _serial(value.astimezone(CHINA_TIME).replace(tzinfo=None) if value.tzinfo else value)
        return cell(ref, value.isoformat(sep=" "), style) if serial is None else \
            f'<c r="{ref}" s="{style or DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        serial = _serial(datetime(value.year, value.month, value.day))
        return cell(ref, value.isoformat(), style) if serial is None else \
            f'<c r="{ref}" s="{style or DATE}"><v>{int(serial)}</v></c>'
    if isinstance(value, int):  # int enums; integers beyond Excel's precision as text
        return cell(ref, int(value) if -_EXACT < value < _EXACT else str(int(value)), style)
    if isinstance(value, float | Decimal):  # numpy floats, numeric columns; nan and inf as text
        number = float(value)
        return cell(ref, number if math.isfinite(number) else str(value), style)
    return cell(ref, str(value), style)


def _serial(moment: datetime) -> float | None:
    """Excel's serial day number for a naive `moment`, or None before 1900."""
    if moment < _FIRST_DAY:
        return None
    epoch = _EPOCH if moment >= _MARCH_1900 else _EPOCH_BEFORE_MARCH_1900
    return (moment - epoch).total_seconds() / 86400


def sheet_name(title: str) -> str:
    """What Excel accepts as a sheet name: 1–31 UTF-16 units, none of `[]:*?/\\`, no apostrophe
    first or last, not `History` (which it reserves)."""
    name = _SHEET_NAME_FORBIDDEN.sub("_", title)
    while len(name.encode("utf-16-le")) > 62:
        name = name[:-1]
    name = name.strip("'")
    if name.lower() == "history":
        name += "_"
    return name or "Sheet1"


def write_xlsx(title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook of one sheet: a bold header row, then `rows` (values in `headers` order)."""
    letters = [column_letters(i) for i in range(len(headers))]
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in _package_parts(sheet_name(title)).items():
            package.writestr(name, xml)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_head(widths).encode())
            header = "".join(cell(f"{letter}1", h, BOLD) for letter, h in zip(letters, headers, strict=True))
            chunk = [f'<row r="1">{header}</row>']
            for r, values in enumerate(rows, start=2):
                if r > MAX_ROWS:
                    raise TooManyRows(f"more than {MAX_ROWS - 1:,} rows: more than an Excel sheet holds")
                cells = "".join([cell(f"{letter}{r}", v) for letter, v in zip(letters, values, strict=True)])
                chunk.append(f'<row r="{r}">{cells}</row>')
                if len(chunk) == _ROWS_PER_CHUNK:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return out.getvalue()


def _sheet_head(widths: Sequence[int]) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    return (f'{_XML}<worksheet xmlns="{_MAIN}" '
            f'xmlns:r="{_DOC_RELS}"><sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>')


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _package_parts(name: str) -> dict[str, str]:
    escaped = quoteattr(name)
    return {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><bookViews><workbookView/></bookViews>'
            f'<sheets><sheet name={escaped} sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _STYLES,
    }

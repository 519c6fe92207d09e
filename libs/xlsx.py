"""A one-sheet XLSX workbook written straight as SpreadsheetML (ECMA-376), row by row.

Not a library, for speed and safety (decision 12): a cell here is one formatted string. Text
is always an inline string — never a formula or a link; numbers are numbers; dates are date
serials shown as `yyyy-mm-dd` (times with a zone in Beijing time); the header row is bold
and frozen; columns have widths. The sheet XML streams into the ZIP in chunks, so memory
stays flat however many rows.

A `Layout` makes the sheet a document to hand in: a merged title row, a 序号 column, wrapped
text in bordered cells, an autofilter on the header, fills on chosen values of chosen columns
(the four risk colours), landscape pages one page wide with the title and header repeated.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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

# cellXfs indexes in the style sheet (`_styles`); fills follow FIRST_FILL, one per colour.
BOLD, DATE, DATETIME, TITLE, HEADER, BODY, BODY_DATE, BODY_DATETIME, NUMBER = range(1, 10)
FIRST_FILL = 10
# The date styles that go with a text style: a date keeps its format whatever the column's style.
_DATED = {0: (DATE, DATETIME), BODY: (BODY_DATE, BODY_DATETIME)}


@dataclass(frozen=True)
class Layout:
    """How a sheet is laid out beyond its header and rows (the default: a bare table)."""

    caption: str | None = None  # a title row above the header, merged across the columns
    numbered: bool = False  # a first column 序号, counting the rows from 1
    wrap: bool = False  # data cells wrap their text, top-aligned, with thin borders
    autofilter: bool = False  # filter buttons on the header row
    # column index (in `headers`) → cell text → fill colour as RGB hex ("E53935")
    fills: Mapping[int, Mapping[str, str]] = field(default_factory=dict)


PLAIN = Layout()


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
            f'<c r="{ref}" s="{_DATED.get(style, (style, style))[1]}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        serial = _serial(datetime(value.year, value.month, value.day))
        return cell(ref, value.isoformat(), style) if serial is None else \
            f'<c r="{ref}" s="{_DATED.get(style, (style, style))[0]}"><v>{int(serial)}</v></c>'
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


def write_xlsx(title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[Any]],
               layout: Layout = PLAIN) -> bytes:
    """A workbook of one sheet: a bold header row, then `rows` (values in `headers` order),
    laid out as `layout` says."""
    columns = [column_letters(i) for i in range(len(headers))]  # the data's, after any 序号
    if layout.numbered:
        headers, widths = ["序号", *headers], [6, *widths]
        columns = [column_letters(i + 1) for i in range(len(columns))]
    letters = [column_letters(i) for i in range(len(headers))]
    colours = list(dict.fromkeys(c for by_text in layout.fills.values() for c in by_text.values()))
    fill_style = {c: FIRST_FILL + i for i, c in enumerate(colours)}
    fills = [{text: fill_style[c] for text, c in layout.fills[i].items()} if i in layout.fills else None
             for i in range(len(columns))]
    body = BODY if layout.wrap else 0
    header_row = 2 if layout.caption is not None else 1
    name = sheet_name(title)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_head(widths, header_row, layout).encode())
            chunk = []
            if layout.caption is not None:
                chunk.append(f'<row r="1" ht="30" customHeight="1">{cell("A1", layout.caption, TITLE)}</row>')
            style = HEADER if layout.wrap else BOLD
            header = "".join(cell(f"{letter}{header_row}", h, style)
                             for letter, h in zip(letters, headers, strict=True))
            chunk.append(f'<row r="{header_row}">{header}</row>')
            last = header_row
            filled = [(i, letter, fill) for i, (letter, fill) in enumerate(zip(columns, fills, strict=True))
                      if fill is not None]
            for n, values in enumerate(rows, start=1):
                r = header_row + n
                if r > MAX_ROWS:
                    raise TooManyRows(f"more than {MAX_ROWS - 1:,} rows: more than an Excel sheet holds")
                cells = [cell(f"{letter}{r}", v, body) for letter, v in zip(columns, values, strict=True)]
                for i, letter, fill in filled:  # a fill replaces the body style where the text has a colour
                    v = values[i]
                    if type(v) is str and v in fill:
                        cells[i] = cell(f"{letter}{r}", v, fill[v])
                number = f'<c r="A{r}" s="{NUMBER}"><v>{n}</v></c>' if layout.numbered else ""
                chunk.append(f'<row r="{r}">{number}{"".join(cells)}</row>')
                last = r
                if len(chunk) >= _ROWS_PER_CHUNK:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
            last_letter = letters[-1] if letters else "A"
            sheet.write(("".join(chunk) + "</sheetData>" + _sheet_tail(last_letter, header_row, last, layout)).encode())
        area = f"$A${header_row}:${last_letter}${last}"
        for part, xml in _package_parts(name, area, header_row, layout, colours).items():
            package.writestr(part, xml)
    return out.getvalue()


def _sheet_head(widths: Sequence[int], header_row: int, layout: Layout) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if layout.caption is not None else ""
    return (f'{_XML}<worksheet xmlns="{_MAIN}" '
            f'xmlns:r="{_DOC_RELS}">{fit}<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
            f'</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>')


def _sheet_tail(last_letter: str, header_row: int, last_row: int, layout: Layout) -> str:
    """What follows the rows, in the order the schema wants: filter, merged title, printing."""
    tail = f'<autoFilter ref="A{header_row}:{last_letter}{last_row}"/>' if layout.autofilter else ""
    if layout.caption is not None:
        if last_letter != "A":
            tail += f'<mergeCells count="1"><mergeCell ref="A1:{last_letter}1"/></mergeCells>'
        tail += ('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
                 '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
                 '<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>')
    return tail + "</worksheet>"


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_THIN = '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border>'


def _dark(rgb: str) -> bool:
    """Whether white text reads better than black on this fill (relative luminance)."""
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 150


def _styles(colours: Sequence[str]) -> str:
    """The style sheet: the fixed cellXfs (BOLD … NUMBER), then one fill style per colour."""
    fills = "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor indexed="64"/>'
                    f'</patternFill></fill>' for c in ("F2F2F2", *colours))
    wrap = '<alignment wrapText="1" vertical="top"/>'
    centred = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
        f'<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">{centred}</xf>',
        f'<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
        f'applyAlignment="1">{centred}</xf>',
        f'<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">{wrap}</xf>',
        f'<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" '
        f'applyAlignment="1">{wrap}</xf>',
        f'<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" '
        f'applyAlignment="1">{wrap}</xf>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
        '<alignment horizontal="center" vertical="top"/></xf>',
    ]
    xfs += [f'<xf numFmtId="0" fontId="{3 if _dark(c) else 0}" fillId="{3 + i}" borderId="1" xfId="0" '
            f'applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">{centred}</xf>'
            for i, c in enumerate(colours)]
    return (
        f'{_XML}<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="16"/><name val="Calibri"/><family val="2"/></font>'
        '<font><color rgb="FFFFFFFF"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        f'<fills count="{3 + len(colours)}"><fill><patternFill patternType="none"/></fill>'
        f'<fill><patternFill patternType="gray125"/></fill>{fills}</fills>'
        f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>{_THIN}</borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _package_parts(name: str, area: str, header_row: int, layout: Layout, colours: Sequence[str]) -> dict[str, str]:
    escaped = quoteattr(name)
    # Excel keeps a filter's range and the rows repeated on every printed page as defined names.
    quoted = "'" + name.replace("'", "''") + "'"
    names = []
    if layout.autofilter:
        names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                     f'{escape(quoted)}!{area}</definedName>')
    if layout.caption is not None:
        names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{escape(quoted)}!$1:${header_row}'
                     f'</definedName>')
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
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
            f'<sheets><sheet name={escaped} sheetId="1" r:id="rId1"/></sheets>{defined}</workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _styles(colours),
    }

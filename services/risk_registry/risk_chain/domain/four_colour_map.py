"""The four-colour map (四色图), pure: each area on the plant plan filled with the colour of
the highest current risk level found in it; a legend and labels. Returns SVG text."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from services.risk_registry.risk_chain.domain.codes import RISK_COLOURS, RISK_LEVEL_LABELS, RiskLevel

# The plant plan's extent: every corner of an outline has |x| and |y| at most this (SK_PLANT_EXTENT).
DEFAULT_PLANT_EXTENT = 10_000.0
UNASSESSED = "#BDBDBD"
_MARGIN = 20.0
_LEGEND_W = 150.0


def fill_of(level: int | None) -> str:
    return RISK_COLOURS[RiskLevel(level)][1] if level is not None else UNASSESSED


def _centroid(points: list[list[float]]) -> tuple[float, float]:
    """Area centroid of a simple polygon (falls back to the mean of the corners)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if a == 0:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return cx / (3 * a), cy / (3 * a)


def _coordinate(v: object, extent: float) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= extent


def within_extent(point: object, extent: float) -> bool:
    """A corner [x, y] of two finite numbers inside the plant. Anything else (null where an old
    outline held a non-finite number, a string, a lone number) is outside, like any stored outlier."""
    return isinstance(point, Sequence) and not isinstance(point, str) and len(point) == 2 \
        and all(_coordinate(v, extent) for v in point)


def render_map(title: str, areas: list[dict], extent: float = DEFAULT_PLANT_EXTENT) -> str:
    """`areas`: dicts with `id`, `name`, `outline` [[x, y], …] and `level` (1–4 or None).
    An area stored before outlines were bounded, with a corner outside the plant's extent or one
    that is no number at all, is left off the drawing (and counted in a note) rather than
    stretching the map for everyone."""
    drawn = [a for a in areas if isinstance(a["outline"], Sequence) and a["outline"]
             and all(within_extent(p, extent) for p in a["outline"])]
    left_off = len(areas) - len(drawn)
    areas = drawn
    xs = [p[0] for a in areas for p in a["outline"]] or [0.0, 400.0]
    ys = [p[1] for a in areas for p in a["outline"]] or [0.0, 300.0]
    min_x, min_y = min(xs) - _MARGIN, min(ys) - _MARGIN - 30
    width, height = max(xs) - min_x + _MARGIN + _LEGEND_W, max(ys) - min_y + _MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{min_x:g} {min_y:g} {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" font-family="sans-serif">',
        f'<title>{escape(title)} 安全风险四色分布图</title>',
        f'<rect x="{min_x:g}" y="{min_y:g}" width="{width:g}" height="{height:g}" fill="#FFFFFF"/>',
        f'<text x="{min_x + _MARGIN:g}" y="{min_y + 22:g}" font-size="16" font-weight="bold">'
        f'{escape(title)} 安全风险四色分布图</text>',
    ]
    if left_off:
        out.append(f'<text id="left-off" x="{min_x + _MARGIN:g}" y="{min_y + 40:g}" font-size="11" fill="#B71C1C">'
                   f'另有{left_off}个区域轮廓超出厂区范围，未绘制，请修订</text>')
    for a in areas:
        points = " ".join(f"{x:g},{y:g}" for x, y in a["outline"])
        label = RISK_LEVEL_LABELS[RiskLevel(a["level"])] if a["level"] is not None else "未评价"
        cx, cy = _centroid(a["outline"])
        out.append(f'<g id="area-{escape(a["id"])}" data-level="{a["level"] or ""}">'
                   f'<title>{escape(a["name"])}: {label}</title>'
                   f'<polygon points="{points}" fill="{fill_of(a["level"])}" fill-opacity="0.85" '
                   f'stroke="#424242" stroke-width="1.5"/>'
                   f'<text x="{cx:g}" y="{cy:g}" font-size="12" text-anchor="middle">{escape(a["name"])}</text>'
                   f'<text x="{cx:g}" y="{cy + 14:g}" font-size="10" text-anchor="middle">{label}</text></g>')
    lx, ly = max(xs) + _MARGIN * 1.5, min_y + 40
    out.append(f'<g id="legend"><text x="{lx:g}" y="{ly:g}" font-size="13" font-weight="bold">图例</text>')
    entries = [(RISK_COLOURS[lvl][1], f"{RISK_COLOURS[lvl][0]} {RISK_LEVEL_LABELS[lvl]}") for lvl in RiskLevel]
    for i, (colour, text) in enumerate([*entries, (UNASSESSED, "灰 未评价")]):
        y = ly + 12 + i * 24
        out.append(f'<rect x="{lx:g}" y="{y:g}" width="18" height="14" fill="{colour}" stroke="#424242"/>'
                   f'<text x="{lx + 26:g}" y="{y + 12:g}" font-size="12">{text}</text>')
    out.append("</g></svg>")
    return "\n".join(out)

"""The four-colour map rendered by a real SVG renderer (resvg), then read pixel by pixel."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

from PIL import Image
from resvg_py import svg_to_bytes

from services.risk_registry.risk_chain.domain.four_colour_map import render_map

AREAS = [
    {"id": "tank", "name": "罐区", "outline": [[0, 0], [100, 0], [100, 80], [0, 80]], "level": 1},
    {"id": "reactor", "name": "氢化装置", "outline": [[120, 0], [220, 0], [220, 80], [120, 80]], "level": 2},
    {"id": "store", "name": "仓库", "outline": [[0, 100], [100, 100], [100, 180], [0, 180]], "level": 3},
    {"id": "office", "name": "办公楼", "outline": [[120, 100], [220, 100], [170, 180]], "level": 4},
    {"id": "new", "name": "新建区", "outline": [[240, 0], [300, 0], [300, 60], [240, 60]], "level": None},
]


def blended(hex_colour: str, opacity: float = 0.85) -> tuple[int, int, int]:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return tuple(round(opacity * c + (1 - opacity) * 255) for c in rgb)


def test_each_area_is_painted_in_its_level_colour():
    svg = render_map("宁波某双氧水有限公司", AREAS)
    image = Image.open(io.BytesIO(bytes(svg_to_bytes(svg_string=svg)))).convert("RGB")
    view = [float(v) for v in ET.fromstring(svg).get("viewBox").split()]

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        return image.getpixel((round(x - view[0]), round(y - view[1])))

    expected = {(8, 8): "#E53935", (128, 8): "#FB8C00", (8, 108): "#FDD835", (170, 110): "#1E88E5",
                (246, 6): "#BDBDBD"}
    for (x, y), colour in expected.items():
        got, want = pixel(x, y), blended(colour)
        assert all(abs(g - w) <= 3 for g, w in zip(got, want, strict=True)), ((x, y), got, want)
    assert pixel(110, 90) == (255, 255, 255), "outside every area stays white"


def test_legend_and_labels_are_there_and_names_are_escaped():
    svg = render_map("A&B <化工>", [*AREAS, {"id": "x", "name": "<罐>&", "outline": [[0, 200], [10, 200], [5, 210]],
                                             "level": 1}])
    root = ET.fromstring(svg)  # well-formed despite the names
    text = "".join(root.itertext())
    for label in ("红 重大风险", "橙 较大风险", "黄 一般风险", "蓝 低风险", "灰 未评价", "罐区", "<罐>&", "A&B <化工>"):
        assert label in text


def test_an_enterprise_without_areas_still_gets_a_map():
    assert ET.fromstring(render_map("空企业", [])).tag.endswith("svg")


def test_an_outline_stored_outside_the_plant_extent_does_not_spoil_the_map():
    """Outlines stored before they were bounded (old events): the map is drawn as if they were
    not there, and says how many it left off."""
    outliers = [{"id": "far", "name": "远处", "outline": [[0, 0], [1e9, 0], [1e9, 1e9]], "level": 1},
                {"id": "nan", "name": "坏点", "outline": [[0, 0], [float("nan"), 0], [5, 5]], "level": 1},
                # stored JSON has no NaN: an old non-finite corner reads back as null; nor any
                # other non-number the row may hold
                {"id": "null", "name": "空点", "outline": [[None, 1], [10, 0], [10, 10]], "level": 2},
                {"id": "text", "name": "字符", "outline": [["0", 0], [10, 0], [10, 10]], "level": 2},
                {"id": "flag", "name": "布尔", "outline": [[True, 0], [10, 0], [10, 10]], "level": 2},
                {"id": "short", "name": "单值", "outline": [5, [10, 0], [10, 10]], "level": 2}]
    svg = render_map("宁波某双氧水有限公司", [*AREAS, *outliers])
    view = [float(v) for v in ET.fromstring(svg).get("viewBox").split()]
    assert view == [float(v) for v in ET.fromstring(render_map("宁波某双氧水有限公司", AREAS)).get("viewBox").split()]
    assert all(math.isfinite(v) and abs(v) < 1_000 for v in view)
    assert not [o["id"] for o in outliers if f'area-{o["id"]}"' in svg]
    assert f"另有{len(outliers)}个区域轮廓超出厂区范围" in svg
    image = Image.open(io.BytesIO(bytes(svg_to_bytes(svg_string=svg)))).convert("RGB")
    got = image.getpixel((round(128 - view[0]), round(8 - view[1])))
    assert all(abs(g - w) <= 3 for g, w in zip(got, blended("#FB8C00"), strict=True))


def test_the_plant_extent_is_the_callers_setting():
    svg = render_map("x", AREAS, extent=150)  # only the areas within 150 are drawn
    assert "area-tank" in svg and "area-reactor" not in svg

"""An area's outline on the plant plan (for the four-colour map): a simple polygon of at least
three corners with an area, every corner two finite numbers within the plant's extent
(decision 19); registering and revising a risk object both hold to it."""

from __future__ import annotations

import pytest

from tests.unit.risk_registry.chain import (
    DEFAULT_PLANT_EXTENT,
    DomainError,
    RiskObject,
    RiskObjectKind,
    check_outline,
    risk_object,
    saved,
    within_extent,
)

SQUARE = [[0, 0], [100, 0], [100, 60], [0, 60]]


def refusal(outline, extent: float = DEFAULT_PLANT_EXTENT) -> DomainError:
    with pytest.raises(DomainError) as refused:
        check_outline(outline, extent)
    return refused.value


def test_no_outline_is_allowed_and_stays_none():
    assert check_outline(None) is None
    assert risk_object(outline=None).outline is None


def test_an_outline_is_kept_as_pairs_of_floats_in_its_own_order():
    assert check_outline(SQUARE) == [(0.0, 0.0), (100.0, 0.0), (100.0, 60.0), (0.0, 60.0)]


def test_a_concave_outline_is_a_simple_polygon_too():
    check_outline([[0, 0], [100, 0], [100, 60], [50, 30], [0, 60]])


@pytest.mark.parametrize("outline", [[], [[0, 0]], [[0, 0], [10, 10]]], ids=["none", "one", "two"])
def test_an_outline_needs_three_corners(outline):
    refused = refusal(outline)
    assert refused.field == "outline" and "至少需要3个顶点" in refused.message


@pytest.mark.parametrize("outline", [[[0, 0], [5, 5], [10, 10]], [[3, 3], [3, 3], [3, 3], [3, 3]]],
                         ids=["on-a-line", "one-point"])
def test_an_outline_without_area_is_refused(outline):
    assert "面积为零" in refusal(outline).message


@pytest.mark.parametrize("outline", [
    [[0, 0], [10, 10], [10, 0], [0, 6]],  # a bow tie (a symmetric one has no area either)
    [[0, 0], [10, 0], [10, 10], [2, -5], [0, 10]],  # one edge cuts through two others
], ids=["bow-tie", "cut-through"])
def test_an_outline_whose_edges_cross_is_refused(outline):
    refused = refusal(outline)
    assert refused.field == "outline" and "自相交" in refused.message


@pytest.mark.parametrize("outline", [
    [[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [5, 5]],  # two triangles meeting at (5, 5)
    [[0, 0], [10, 0], [10, 10], [5, 0]],  # the last corner lies on the first edge
    [[0, 0], [10, 0], [10, 10], [0, 10], [10, 10]],  # an edge runs back along the one before it
], ids=["figure-eight", "corner-on-an-edge", "edge-doubling-back"])
def test_an_outline_that_touches_itself_is_no_simple_polygon(outline):
    """check_outline promises a simple polygon, but `_self_intersects` counts only proper
    crossings (both orientations strictly opposite): a polygon that meets itself at a corner or
    along an edge passes. FAILS today for all three."""
    assert refusal(outline).field == "outline"


def test_a_corner_on_the_extent_is_inside_and_one_beyond_it_is_named():
    check_outline([[-10_000, -10_000], [10_000, -10_000], [10_000, 10_000]])
    refused = refusal([[0, 0], [10, 0], [10_000.5, 10]])
    assert refused.field == "outline.2" and "第3个顶点超出厂区范围" in refused.message


@pytest.mark.parametrize("corner", [[True, 0], ["1", 2], [1], [1, 2, 3], None, "12", 7],
                         ids=["boolean", "string", "lone-number", "three-numbers", "null", "text", "number"])
def test_a_corner_is_two_numbers(corner):
    assert not within_extent(corner, DEFAULT_PLANT_EXTENT)
    assert refusal([[0, 0], [10, 0], corner]).field == "outline.2"


def test_registering_and_revising_an_object_hold_to_the_outline_rules():
    with pytest.raises(DomainError):
        RiskObject.register("obj-2", "ent-1", RiskObjectKind.AREA, "装卸区", None, "dept-1", [[0, 0], [1, 1]])
    area = saved(risk_object(kind=RiskObjectKind.AREA, outline=SQUARE))
    with pytest.raises(DomainError):
        area.revise(area.name, None, "dept-1", [[0, 0], [10, 10], [10, 0], [0, 10]])
    assert area.pending() == [] and area.outline == check_outline(SQUARE)


def test_the_same_outline_written_in_integers_is_no_revision():
    area = saved(risk_object(kind=RiskObjectKind.AREA, outline=SQUARE))
    area.revise(area.name, None, "dept-1", [[0.0, 0.0], [100, 0], [100, 60.0], [0, 60]])
    assert area.pending() == []

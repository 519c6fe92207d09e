"""Labels beside codes: nested anywhere in an answer, lists of codes as lists of labels, a
label a route gave kept, and every labelled property documented in the OpenAPI document."""

from __future__ import annotations

from enum import IntEnum

from libs.labels import CodeTable, Labeller


class Colour(IntEnum):
    RED = 1
    BLUE = 2


COLOUR = CodeTable.of("colour", "颜色", {Colour.RED: "红", Colour.BLUE: "蓝"})
LABELLER = Labeller({"colour": COLOUR, "colours": COLOUR})


def test_labels_wherever_the_field_is():
    body = [{"colour": 1, "data": {"colours": [2, 1, 9]}, "colour_label": "自定义"}, {"colour": None}]
    LABELLER.enrich(body)
    assert body[0]["colour_label"] == "自定义"  # the route's own label stays
    assert body[0]["data"]["colours_label"] == ["蓝", "红", None]
    assert body[1]["colour_label"] is None


def test_labels_are_documented_on_answers_not_on_requests():
    ok = {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}
    spec = {"paths": {"/items": {"get": {"responses": ok}, "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/New"}}}},
                "responses": ok}}},
            "components": {"schemas": {
                "Page": {"properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}},
                "Item": {"properties": {"colour": {"type": "integer"},
                                        "colours": {"anyOf": [{"type": "array"}, {"type": "null"}]}}},
                "New": {"properties": {"colour": {"type": "integer"}}}}}}
    schemas = LABELLER.document(spec)["components"]["schemas"]
    properties = schemas["Item"]["properties"]
    assert properties["colour_label"]["type"] == ["string", "null"]
    assert properties["colours_label"]["type"] == "array"
    assert "颜色" in properties["colour_label"]["description"]
    assert "colour_label" not in schemas["New"]["properties"]

"""The addressed commands: the address comes from the path, never from the body — it is not in
the body's JSON Schema, a body that names it is refused as an unknown field is, and `for_()`
fills it in."""

from __future__ import annotations

import pytest
from pydantic import Field, ValidationError

from libs.commands import AggregateCommand, EnterpriseCommand, Guarded


class OpenPlan(EnterpriseCommand):
    title: str = Field(..., max_length=20)


class RetitlePlan(Guarded):
    title: str = Field(..., max_length=20)


class HandOver(AggregateCommand):
    successor_id: str


def test_the_address_is_not_in_the_bodys_schema():
    assert set(OpenPlan.model_json_schema()["properties"]) == {"title"}
    assert set(HandOver.model_json_schema()["properties"]) == {"successor_id"}
    assert set(RetitlePlan.model_json_schema()["properties"]) == {"title", "expected_version"}


@pytest.mark.parametrize(("command", "body"), [
    (OpenPlan, {"title": "月度排查", "enterprise_id": "ent-2"}),
    (RetitlePlan, {"title": "月度排查", "id": "plan-9"}),
    (RetitlePlan, {"title": "月度排查", "enterprise_id": "ent-2"}),
])
def test_a_body_that_names_the_address_is_refused_as_an_unknown_field(command, body):
    with pytest.raises(ValidationError) as refused:
        command.model_validate(body)
    [error] = refused.value.errors()
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == (next(k for k in body if k != "title"),)


def test_for_fills_in_the_address_and_leaves_the_body_as_it_was():
    body = RetitlePlan.model_validate({"title": "月度排查", "expected_version": 3})
    cmd = body.for_("ent-1", "plan-1")
    assert (cmd.enterprise_id, cmd.id, cmd.title, cmd.expected_version) == ("ent-1", "plan-1", "月度排查", 3)
    assert (body.enterprise_id, body.id) == ("", "")
    assert OpenPlan(title="x").for_("ent-1").enterprise_id == "ent-1"


def test_the_address_is_left_out_of_a_dump():
    # a dump is what the client sent; the address travels beside it, as the command's own fields
    assert RetitlePlan(title="x").for_("ent-1", "plan-1").model_dump() == {"title": "x", "expected_version": None}


def test_an_expected_version_is_never_negative():
    with pytest.raises(ValidationError):
        RetitlePlan.model_validate({"title": "x", "expected_version": -1})

"""Personal details by viewer: those who oversee everyone see every number; the person sees
their own; their line sees theirs (as the service says); everyone else sees them masked.
Wherever a number sits in an answer, and whatever its field is called (`mobile`, `<who>_mobile`)."""

from __future__ import annotations

import pytest

from libs.auth import Principal, Role
from libs.disclosure import OVERSIGHT, disclose, mask, nobody


def body() -> dict:
    return {"items": [
        {"id": "p1", "name": "张伟", "mobile": "13900000001"},
        {"id": "p2", "name": "赵敏", "mobile": "13900000002"},
        {"unit_id": "u1", "liable_person_id": "p2", "liable_person_mobile": "13900000002"},
        {"type": "PersonRegistered", "data": {"person_id": "p3", "mobile": "13900000003"}},
        {"orphan_mobile": "13900000004"},  # no owner to tell: masked
    ]}


def shown(b: dict) -> list[str]:
    return [v for row in b["items"] for k, v in {**row, **row.get("data", {})}.items()
            if k.endswith("mobile") and "*" not in v]


def viewer(*roles: Role, person: str = "p1") -> Principal:
    return Principal(person_id=person, enterprise_id="e1", roles=frozenset(roles))


@pytest.mark.parametrize("role", sorted(OVERSIGHT))
async def test_those_who_oversee_everyone_see_every_number(role):
    assert len(shown(await disclose(body(), viewer(role), "e1", nobody))) == 5


@pytest.mark.parametrize("role", [Role.WORKER, Role.TECHNICAL_HEAD, Role.OPERATIONS_HEAD, Role.TEAM_LEADER,
                                  Role.DEPARTMENT_HEAD, Role.PLATFORM_ADMIN])
async def test_anyone_else_sees_only_their_own(role):
    assert shown(await disclose(body(), viewer(role), "e1", nobody)) == ["13900000001"]


async def test_a_line_sees_its_people():
    async def line(principal, enterprise_id, people):
        assert principal.person_id == "p1" and enterprise_id == "e1" and people == {"p1", "p2", "p3"}
        return {"p2"}

    result = await disclose(body(), viewer(Role.TEAM_LEADER), "e1", line)
    assert shown(result) == ["13900000001", "13900000002", "13900000002"]
    assert result["items"][3]["data"]["mobile"] == "139****0003"


async def test_no_token_sees_no_number():
    assert shown(await disclose(body(), None, "e1", nobody)) == []


def test_masking_keeps_the_shape():
    assert mask("13900000001") == "139****0001" and mask("") == "" and mask(None) is None and mask("123") == "****"

"""One mobile number holding two kinds of account through HTTP, beside the real registry: the
platform's regulator, then a person the registry registers with the same number. A sign-in
without `kind` is answered 409 naming the kinds (to the right password only); with `kind` it
signs that account in; a wrong password is the usual 401, counted against both."""

from __future__ import annotations

from tests.integration.identity.conftest import CHOSEN, INITIAL, bearer
from tests.integration.identity.test_accounts_api import claims
from tests.integration.service_client import token

MOBILE = "13911116666"
REGULATORS = "regul4567"


async def _regulator_then_person(plant) -> tuple[str, str]:
    operator = token(plant.settings, None, "platform_admin", person="operator")
    created = await plant.identity.post("/regulators", headers=operator, json={
        "name": "王监管", "mobile": MOBILE, "jurisdiction": [plant.eid], "password": INITIAL})
    assert created.status_code == 201, created.text
    first = (await plant.sign_in(MOBILE, INITIAL)).json()
    changed = await plant.identity.post("/password", json={"old_password": INITIAL, "new_password": REGULATORS},
                                        headers=bearer(first["password_change_token"]))
    assert changed.status_code == 200, changed.text
    person_id = await plant.register("郑和", MOBILE)  # the directory knows no regulators
    r = await plant.identity.post(f"/enterprises/{plant.eid}/accounts/{person_id}/password", headers=plant.admin,
                                  json={"password": INITIAL})
    assert r.status_code == 200, r.text
    return created.json()["id"], person_id


async def _sign_in(plant, password: str, **choice):
    return await plant.identity.post("/sign-in", json={"mobile": MOBILE, "password": password, **choice})


async def test_a_number_with_two_kinds_of_account_signs_in_only_with_the_kind_chosen(plant):
    regulator_id, person_id = await _regulator_then_person(plant)
    ask = await _sign_in(plant, REGULATORS)
    assert (ask.status_code, ask.json()["code"], ask.json()["field"]) == (409, "account_kind_required", "kind")
    assert "企业人员、监管人员" in ask.json()["message"]
    assert (await _sign_in(plant, INITIAL)).status_code == 409, "the person's initial password is right too"

    regulator = await _sign_in(plant, REGULATORS, kind="regulator")
    assert regulator.status_code == 200, regulator.text
    assert (claims(regulator.json()["access_token"])["sub"], claims(regulator.json()["access_token"])["roles"]) == (
        regulator_id, ["regulator"])
    person = await _sign_in(plant, INITIAL, kind="person")
    assert (person.status_code, person.json()["password_change_required"]) == (200, True)
    changed = await plant.identity.post("/password", json={"old_password": INITIAL, "new_password": CHOSEN},
                                        headers=bearer(person.json()["password_change_token"]))
    assert changed.status_code == 200, changed.text
    assert claims((await _sign_in(plant, CHOSEN, kind="person")).json()["access_token"])["sub"] == person_id

    wrong = await _sign_in(plant, "wrong-pass1")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "sign_in_failed")
    listed = await plant.identity.get(f"/enterprises/{plant.eid}/accounts", headers=plant.admin, params={"q": "郑和"})
    assert listed.json()["items"][0]["failures_in_a_row"] == 1
    unknown_kind = await _sign_in(plant, CHOSEN, kind="boss")
    assert (unknown_kind.status_code, unknown_kind.json()["field"]) == (422, "kind")

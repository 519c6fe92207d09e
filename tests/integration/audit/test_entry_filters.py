"""Every query parameter of the audit trail's entries narrows them — the same table-driven check
as the risk registry's lists, over the audit service's own OpenAPI document; and every text
filter takes its value literally (a `%` or `_` is no wildcard)."""

from __future__ import annotations

import asyncio

from tests.integration.audit.conftest import registered, seal, wait_for_entries
from tests.integration.list_filters import check_every_parameter, narrows, pages
from tests.integration.service_client import token


async def test_every_query_parameter_of_the_trail_narrows_it(system):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin", person="operator")
    eid = await registered(registry, admin, "某化工有限公司")
    a = token(settings, eid, "safety_officer", person="officer-a")
    b = token(settings, eid, "safety_officer", person="officer-b")
    units = f"/enterprises/{eid}/org-units"
    first = (await registry.post(units, headers=a, json={"kind": "department", "name": "生产部"})).json()["id"]
    await wait_for_entries(audit, eid, a, 2)
    assert len(await seal(audit)) == 1  # two signed heads, for the heads' pages
    for name in ("设备部", "安全部"):
        await asyncio.sleep(0.01)  # distinct times, so a time bound has something to cut
        assert (await registry.post(units, headers=b, json={"kind": "department", "name": name})).status_code == 201
    await asyncio.sleep(0.01)
    await registry.post(f"{units}/{first}/rename", headers=b, json={"name": "生产一部"})

    trail = (await wait_for_entries(audit, eid, a, 5))["items"]  # newest first
    by_type = {e["event_type"].rsplit(".", 1)[-1]: e["seq"] for e in trail}
    seqs = [str(e["seq"]) for e in trail]
    middle = trail[2]["occurred_at"]
    cases = {"/enterprises/{enterprise_id}/entries": {
        "subject": narrows(f"orgunit-{first}", *(str(e["seq"]) for e in trail if e["subject"] == f"orgunit-{first}")),
        "actor": narrows("officer-b", *seqs[:3]),
        "event_type": narrows("OrgUnitRenamed", str(by_type["OrgUnitRenamed"])),
        "since": narrows(middle, *seqs[:3]),
        "until": narrows(middle, *seqs[3:]),
        "limit": pages(), "offset": pages()},
        "/enterprises/{enterprise_id}/tree-heads": {"limit": pages(), "offset": pages()}}
    assert len(await seal(audit)) == 1
    spec = (await audit.get("/openapi.json")).json()
    assert await check_every_parameter(audit, a, spec, {"enterprise_id": eid}, cases) == 9


def _is_text(schema: dict) -> bool:
    """A plain string parameter (not a date-time, not a number)."""
    return any(s.get("type") == "string" and "format" not in s for s in [schema, *schema.get("anyOf", [])])


async def test_every_text_filter_of_the_trail_takes_wildcards_literally(system):
    settings, registry, audit = system
    admin = token(settings, None, "platform_admin", person="officer_a")
    eid = await registered(registry, admin, "某化工有限公司")
    a = token(settings, eid, "safety_officer", person="officer_a")
    unit = (await registry.post(f"/enterprises/{eid}/org-units", headers=a,
                                json={"kind": "department", "name": "生产部"})).json()["id"]
    await registry.post(f"/enterprises/{eid}/org-units/{unit}/rename", headers=a, json={"name": "生产一部"})
    trail = (await wait_for_entries(audit, eid, a, 3))["items"]
    spec = (await audit.get("/openapi.json")).json()
    texts = [p["name"] for p in spec["paths"]["/enterprises/{enterprise_id}/entries"]["get"]["parameters"]
             if p["in"] == "query" and _is_text(p["schema"])]
    assert sorted(texts) == ["actor", "event_type", "subject"]
    renamed = next(e["event_type"] for e in trail if e["event_type"].endswith("OrgUnitRenamed"))
    patterns = {"actor": ("%", "_", "officer%", "officer\\_a"),
                "event_type": ("%", "_", "%Renamed", "OrgUnit_enamed", renamed.replace(".", "_")),
                "subject": ("%", "_", f"%{unit[1:]}", f"orgunit_{unit}", "orgunit-%")}
    for name in texts:
        for value in patterns[name]:
            r = await audit.get(f"/enterprises/{eid}/entries", headers=a, params={name: value})
            assert r.status_code == 200 and r.json()["total"] == 0, (name, value, r.json()["total"])
    # …and the literal value itself still matches.
    for name, value in (("actor", "officer_a"), ("event_type", "OrgUnitRenamed"), ("subject", unit)):
        assert (await audit.get(f"/enterprises/{eid}/entries", headers=a, params={name: value})).json()["total"] > 0

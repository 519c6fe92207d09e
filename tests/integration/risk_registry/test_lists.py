"""The risk registry's lists, tried as a safety officer would: every query parameter of every
list narrows it (table-driven from the OpenAPI document); the new risk-event and control-measure
lists sort by a whitelisted key; 复评 overdue by the service's clock; the 三清单 carry what a
plant expects and export as documents; no CSV export lets a formula through."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from libs.clock import FixedClock
from libs.export import FORMULA_STARTS
from services.risk_registry.app import create_app
from tests.integration.list_filters import check_every_parameter, file, narrows, pages, reorders, widens
from tests.integration.risk_registry.directory_helpers import connect, credit_code
from tests.integration.service_client import running, settings_for, token

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


@pytest.fixture
async def clocked(runtime, database_url, topic_prefix):
    """The registry with a clock the test sets."""
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    app.state.clock = FixedClock(NOW)
    async with running(app) as client:
        client.settings, client.app = settings, app
        yield client


@pytest.fixture
async def plant(clocked):
    """Two departments, each with a team, a post and people; a 重大危险源 with guardians and a
    process unit; three risk events at different levels (one overdue, one unassessed); three
    measures on two posts; and one of everything retired or left, for the `include_*` flags."""
    api = clocked
    admin = token(api.settings, None, "platform_admin", person="operator")
    r = await api.post("/enterprises", headers=admin, json={
        "name": "宁波某某双氧水有限公司", "credit_code": credit_code(), "industry": "危化",
        "hazchem_code": "330212001"})
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    assert (await api.post("/enterprises", headers=admin, json={
        "name": "另一家机械有限公司", "credit_code": credit_code(), "industry": "工贸"})).status_code == 201
    officer = token(api.settings, eid, "safety_officer", person="officer-1")

    async def post(path, body, status=201):
        r = await api.post(f"/enterprises/{eid}{path}", headers=officer, json=body)
        assert r.status_code == status, (path, r.text)
        return r.json()

    ids: dict[str, str] = {"enterprise_id": eid}
    ids["A"] = (await post("/org-units", {"kind": "department", "name": "生产部"}))["id"]
    ids["B"] = (await post("/org-units", {"kind": "department", "name": "设备部"}))["id"]
    ids["TA"] = (await post("/org-units", {"kind": "team", "name": "氢化班", "parent_id": ids["A"]}))["id"]
    ids["TB"] = (await post("/org-units", {"kind": "team", "name": "维修班", "parent_id": ids["B"]}))["id"]
    ids["PA"] = (await post("/org-units", {"kind": "post", "name": "氢化操作工", "parent_id": ids["TA"]}))["id"]
    ids["PB"] = (await post("/org-units", {"kind": "post", "name": "维修钳工", "parent_id": ids["TB"]}))["id"]
    spare = (await post("/org-units", {"kind": "department", "name": "备用部"}))["id"]
    await post(f"/org-units/{spare}/retire", {"reason": "撤销"}, status=200)
    people = {}
    for tag, name, mobile, extra in (
            ("HA", "李强", "13900000001", {"roles": ["department_head"]}),
            ("HB", "王芳", "13900000002", {"roles": ["department_head"]}),
            ("WA", "赵敏", "13900000003", {"post_id": ids["PA"]}),
            ("WB", "钱进", "13900000004", {"post_id": ids["PB"]}),
            ("G1", "张建国", "13900000011", {"roles": ["principal"]}),
            ("G2", "孙振华", "13900000012", {"roles": ["technical_head"]}),
            ("G3", "周伟", "13900000013", {"roles": ["operations_head"]}),
            ("LEFT", "吴离", "13900000099", {})):
        people[tag] = (await post("/people", {"name": name, "mobile": mobile, **extra}))["id"]
    await post(f"/people/{people['LEFT']}/leave", {"reason": "辞职"}, status=200)
    ids.update(people)
    ids["O1"] = (await post("/risk-objects", {"kind": "major_hazard_source", "name": "双氧水罐区",
                                              "department_id": ids["A"]}))["id"]
    ids["O2"] = (await post("/risk-objects", {"kind": "process_unit", "name": "氢化装置",
                                              "department_id": ids["B"]}))["id"]
    ids["O3"] = (await post("/risk-objects", {"kind": "area", "name": "旧仓库", "department_id": ids["B"]}))["id"]
    await post(f"/risk-objects/{ids['O3']}/retire", {"reason": "拆除"}, status=200)
    await post(f"/risk-objects/{ids['O1']}/guardians", {"principal_id": ids["G1"], "technical_id": ids["G2"],
                                                        "operations_id": ids["G3"]}, status=200)
    unit = {"liable_person_id": ids["HA"]}
    ids["U1"] = (await post("/risk-units", {**unit, "object_id": ids["O1"], "name": "双氧水储罐单元",
                                            "department_id": ids["A"]}))["id"]
    ids["U2"] = (await post("/risk-units", {"object_id": ids["O2"], "name": "循环泵单元", "department_id": ids["B"],
                                            "liable_person_id": ids["HB"]}))["id"]
    ids["U3"] = (await post("/risk-units", {"object_id": ids["O2"], "name": "废弃单元", "department_id": ids["B"],
                                            "liable_person_id": ids["HB"]}))["id"]
    await post(f"/risk-units/{ids['U3']}/retire", {"reason": "拆除"}, status=200)
    risk = {"consequence": "人员伤亡"}
    ids["R1"] = (await post("/risk-events", {**risk, "unit_id": ids["U1"], "name": "储罐超温分解爆炸",
                                             "accident_types": [17]}))["id"]
    ids["R2"] = (await post("/risk-events", {**risk, "unit_id": ids["U2"], "name": "泵密封泄漏",
                                             "accident_types": [16 + 4]}))["id"]
    ids["R3"] = (await post("/risk-events", {**risk, "unit_id": ids["U1"], "name": "卸车泄漏灼伤",
                                             "accident_types": [7]}))["id"]
    await post(f"/risk-events/{ids['R1']}/assessments", {  # 720: 重大 → company; 复评 already due
        "stage": "inherent", "method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40},
        "assessed_on": "2025-11-01", "reassess_on": "2026-11-30"})
    await post(f"/risk-events/{ids['R2']}/assessments", {  # 2: 低 → post
        "stage": "inherent", "method": "LS", "inputs": {"L": 1, "S": 2},
        "assessed_on": "2026-11-01", "reassess_on": "2027-06-01"})
    measure = {"classify1": "1", "classify2": "1-4", "data_source": "1"}
    ids["M1"] = (await post("/control-measures", {**measure, "risk_event_id": ids["R1"],
                                                  "description": "温度高高联锁自动喷淋",
                                                  "inspection_content": "检查联锁投用",
                                                  "responsible_post_id": ids["PA"]}))["id"]
    ids["M2"] = (await post("/control-measures", {**measure, "risk_event_id": ids["R2"],
                                                  "description": "机封泄漏检测报警",
                                                  "inspection_content": "检查泄漏检测仪",
                                                  "responsible_post_id": ids["PB"]}))["id"]
    ids["M3"] = (await post("/control-measures", {**measure, "risk_event_id": ids["R1"],
                                                  "description": "喷淋系统定期试验",
                                                  "inspection_content": "检查喷淋阀门",
                                                  "responsible_post_id": ids["PB"]}))["id"]
    return {"api": api, "eid": eid, "officer": officer, "admin": admin, "ids": ids}


def cases(ids: dict[str, str]) -> dict:
    e = "/enterprises/{enterprise_id}"
    chain = {"object_id": narrows(ids["O1"], ids["R1"], ids["R3"]), "unit_id": narrows(ids["U2"], ids["R2"]),
             "department_id": narrows(ids["B"], ids["R2"]), "post_id": narrows(ids["PA"], ids["R1"]),
             "level": narrows(4, ids["R2"]), "control_level": narrows("post", ids["R2"]),
             "q": narrows("泄漏", ids["R2"], ids["R3"]), "limit": pages(), "offset": pages()}
    measures = {"object_id": narrows(ids["O2"], ids["M2"]), "unit_id": narrows(ids["U1"], ids["M1"], ids["M3"]),
                "department_id": narrows(ids["B"], ids["M2"]), "post_id": narrows(ids["PB"], ids["M2"], ids["M3"]),
                "level": narrows(4, ids["M2"]), "control_level": narrows("post", ids["M2"]),
                "q": narrows("联锁", ids["M1"]), "risk_event_id": narrows(ids["R2"], ids["M2"]),
                "sort": reorders("description"), "order": reorders("desc"), "limit": pages(), "offset": pages()}
    three = {"format": file("csv"), "limit": pages(), "offset": pages()}
    return {
        "/enterprises": {"limit": pages(), "offset": pages()},
        f"{e}/org-units": {"kind": narrows("post", ids["PA"], ids["PB"]), "parent_id": narrows(ids["A"], ids["TA"]),
                           "include_retired": widens(), "limit": pages(), "offset": pages()},
        f"{e}/people": {"post_id": narrows(ids["PA"], ids["WA"]),
                        "role": narrows("department_head", ids["HA"], ids["HB"]), "q": narrows("张", ids["G1"]),
                        "include_left": widens(), "limit": pages(), "offset": pages()},
        f"{e}/risk-objects": {"kind": narrows("major_hazard_source", ids["O1"]), "include_retired": widens(),
                              "limit": pages(), "offset": pages()},
        f"{e}/risk-units": {"object_id": narrows(ids["O1"], ids["U1"]), "include_retired": widens(),
                            "limit": pages(), "offset": pages()},
        f"{e}/risk-events": {**chain, "overdue": (narrows(True, ids["R1"]), narrows(False, ids["R2"], ids["R3"])),
                             "sort": reorders("name"), "order": reorders("desc")},
        f"{e}/control-measures": measures,
        f"{e}/lists/risks": {**three, "department_id": narrows(ids["A"], ids["R1"], ids["R3"]),
                             "level": narrows(1, ids["R1"]), "control_level": narrows("post", ids["R2"]),
                             "overdue": (narrows(True, ids["R1"]), narrows(False, ids["R2"], ids["R3"]))},
        f"{e}/lists/control-measures": {**three, "department_id": narrows(ids["A"], ids["M1"], ids["M3"]),
                                        "level": narrows(4, ids["M2"]),
                                        "control_level": narrows("company", ids["M1"], ids["M3"]),
                                        "overdue": (narrows(True, ids["M1"], ids["M3"]), narrows(False, ids["M2"]))},
        f"{e}/lists/responsibilities": {**three, "department_id": narrows(ids["A"], ids["U1"]),
                                        "level": narrows(1, ids["U1"]),
                                        "control_level": narrows("post", ids["U2"]),
                                        "overdue": (narrows(True, ids["U1"]), narrows(False, ids["U2"]))},
    }


async def test_every_query_parameter_of_every_list_narrows_it(plant):
    api, ids = plant["api"], plant["ids"]
    spec = (await api.get("/openapi.json")).json()
    # `/enterprises` lists every enterprise only to a platform admin.
    checked = await check_every_parameter(api, plant["officer"], spec, ids, cases(ids),
                                          headers_of={"/enterprises": plant["admin"]})
    # 9 routes (the 三清单 once per list): every (route, parameter, case) the document calls for
    assert checked >= 70


async def test_an_unknown_sort_key_is_a_chinese_422_naming_sort(plant):
    api, eid = plant["api"], plant["eid"]
    for path in ("risk-events", "control-measures"):
        r = await api.get(f"/enterprises/{eid}/{path}", headers=plant["officer"], params={"sort": "password"})
        assert r.status_code == 422 and r.json()["field"] == "sort" and "不支持按" in r.json()["message"], r.text
    sorted_by_name = (await api.get(f"/enterprises/{eid}/risk-events", headers=plant["officer"],
                                    params={"sort": "name", "order": "desc"})).json()
    names = [i["name"] for i in sorted_by_name["items"]]
    assert names == sorted(names, reverse=True)


async def test_every_search_takes_wildcards_literally(plant):
    """Each GET route with a `q` (from the OpenAPI document): a % _ or \\ is only that character,
    by name and, for people, by the leading digits of a number."""
    api, eid = plant["api"], plant["eid"]
    spec = (await api.get("/openapi.json")).json()
    searches = [path.replace("{enterprise_id}", eid) for path, item in spec["paths"].items()
                if any(p["name"] == "q" for p in item.get("get", {}).get("parameters", []))]
    assert len(searches) >= 3, searches  # people, risk events, control measures
    for path in searches:
        for q in ("%", "_", "\\", "139%", "1390000000_"):
            r = await api.get(path, headers=plant["officer"], params={"q": q})
            assert r.status_code == 200 and r.json()["total"] == 0, (path, q, r.text)
    r = await api.get(f"/enterprises/{eid}/people", headers=plant["officer"], params={"q": "1390000000"})
    assert r.json()["total"] > 0  # the literal prefix still finds them


async def test_overdue_reassessments_follow_the_service_clock_and_are_counted_per_department(plant):
    api, eid, ids, officer = plant["api"], plant["eid"], plant["ids"], plant["officer"]
    counts = (await api.get(f"/enterprises/{eid}/overdue-reassessments", headers=officer)).json()
    assert counts["as_of"] == "2026-12-02" and counts["total"] == 1
    assert [(d["department_id"], d["overdue"]) for d in counts["departments"]] == [(ids["A"], 1)]
    risk = (await api.get(f"/enterprises/{eid}/risk-events", headers=officer, params={"overdue": True})).json()
    assert [i["id"] for i in risk["items"]] == [ids["R1"]] and risk["items"][0]["reassessment_overdue"] is True

    api.app.state.clock.set(datetime(2027, 6, 2, 0, 0, tzinfo=UTC))  # 08:00 in Beijing, R2's day has passed
    counts = (await api.get(f"/enterprises/{eid}/overdue-reassessments", headers=officer)).json()
    assert counts["total"] == 2
    assert sorted((d["department_name"], d["overdue"]) for d in counts["departments"]) == [("生产部", 1), ("设备部", 1)]
    api.app.state.clock.set(datetime(2027, 5, 31, 15, 59, tzinfo=UTC))  # 23:59 on 31 May in Beijing: not yet
    assert (await api.get(f"/enterprises/{eid}/overdue-reassessments", headers=officer)).json()["total"] == 1


async def test_the_three_lists_carry_what_a_plant_expects(plant):
    api, eid, ids, officer = plant["api"], plant["eid"], plant["ids"], plant["officer"]
    measures = {m["id"]: m for m in (await api.get(f"/enterprises/{eid}/control-measures", headers=officer)).json()[
        "items"]}
    m1 = measures[ids["M1"]]
    assert m1["responsible_people"] == ["赵敏"] and m1["accident_types"] == [17] and m1["consequence"] == "人员伤亡"
    units = {u["unit_id"]: u for u in (await api.get(f"/enterprises/{eid}/lists/responsibilities",
                                                     headers=officer)).json()["items"]}
    u1 = units[ids["U1"]]
    assert (u1["principal_name"], u1["technical_name"], u1["operations_name"]) == ("张建国", "孙振华", "周伟")
    assert u1["control_level"] == "company" and units[ids["U2"]]["principal_name"] is None
    assert {d["post_name"]: d["duties"] for d in u1["post_duties"]} == {
        "氢化操作工": ["温度高高联锁自动喷淋"], "维修钳工": ["喷淋系统定期试验"]}
    risks = {r["id"]: r for r in (await api.get(f"/enterprises/{eid}/lists/risks", headers=officer)).json()["items"]}
    assert sorted(m["description"] for m in risks[ids["R1"]]["control_measures"]) == [
        "喷淋系统定期试验", "温度高高联锁自动喷淋"]
    assert risks[ids["R3"]]["control_measures"] == []


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


async def test_each_list_exports_as_a_document_to_hand_in(plant):
    api, eid, officer = plant["api"], plant["eid"], plant["officer"]
    expected = {"risks": ("风险清单", "固有风险等级"), "control-measures": ("管控措施清单", "风险等级"),
                "responsibilities": ("责任清单", "最高风险等级")}
    for name, (title, level_header) in expected.items():
        r = await api.get(f"/enterprises/{eid}/lists/{name}", headers=officer, params={"format": "xlsx"})
        sheet = _sheet(r.content)
        assert sheet["A1"].value == f"宁波某某双氧水有限公司　{title}　2026-12-02", name
        assert [str(m) for m in sheet.merged_cells.ranges] == [f"A1:{sheet.cell(2, sheet.max_column).column_letter}1"]
        headers = [c.value for c in sheet[2]]
        assert headers[0] == "序号" and [c.value for c in sheet["A"][2:]] == list(range(1, sheet.max_row - 1)), name
        assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, sheet.max_column).column_letter}{sheet.max_row}"
        assert sheet["B3"].alignment.wrap_text and sheet.freeze_panes == "A3"
        column = headers.index(level_header) + 1
        colours = {sheet.cell(r, column).value: sheet.cell(r, column).fill.fgColor.rgb
                   for r in range(3, sheet.max_row + 1) if sheet.cell(r, column).fill.fill_type == "solid"}
        assert colours.get("重大风险", "FFE53935") == "FFE53935" and colours.get("低风险", "FF1E88E5") == "FF1E88E5"
        assert colours, (name, "no level coloured")
    rows = list(_sheet((await api.get(f"/enterprises/{eid}/lists/control-measures", headers=officer,
                                      params={"format": "xlsx"})).content).iter_rows(min_row=2, values_only=True))
    head, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert {"事故类别", "可能后果", "责任人", "责任岗位"} <= set(head)
    assert first["风险事件"] == "储罐超温分解爆炸" and first["事故类别"] == "容器爆炸"
    assert first["可能后果"] == "人员伤亡"
    assert first["责任人"] in ("赵敏", "钱进")
    rows = list(_sheet((await api.get(f"/enterprises/{eid}/lists/responsibilities", headers=officer,
                                      params={"format": "xlsx"})).content).iter_rows(min_row=2, values_only=True))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["包保责任人（主要负责人）"] == "张建国" and first["包保责任人（操作负责人）"] == "周伟"
    assert first["岗位职责"] == "氢化操作工：温度高高联锁自动喷淋\n维修钳工：喷淋系统定期试验"
    rows = list(_sheet((await api.get(f"/enterprises/{eid}/lists/risks", headers=officer,
                                      params={"format": "xlsx", "control_level": "company"})).content).iter_rows(
        values_only=True))
    assert rows[0][0].endswith("公司级风险清单　2026-12-02")
    first = dict(zip(rows[1], rows[2], strict=True))
    lines = first["管控措施"].splitlines()
    assert [line[:3] for line in lines] == ["1. ", "2. "]
    assert sorted(line[3:] for line in lines) == ["喷淋系统定期试验", "温度高高联锁自动喷淋"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
async def test_no_csv_export_lets_a_formula_through(clocked, database_url, start):
    """Every CSV the service offers (each route with a csv `format`), with names that start like a
    formula at every level of the chain. Commands strip leading whitespace, so a tab or CR first
    is put into the read model directly: whatever is stored, the export neutralises it."""
    api = clocked
    admin = token(api.settings, None, "platform_admin", person="operator")
    eid = (await api.post("/enterprises", headers=admin, json={
        "name": "某化工有限公司", "credit_code": credit_code(), "industry": "工贸"})).json()["id"]
    officer = token(api.settings, eid, "safety_officer", person="officer-1")
    payload = f'{start}HYPERLINK("http://x","点我")'

    async def post(path, body):
        r = await api.post(f"/enterprises/{eid}{path}", headers=officer, json=body)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    dept = await post("/org-units", {"kind": "department", "name": "生产部"})
    team = await post("/org-units", {"kind": "team", "name": "班组", "parent_id": dept})
    post_id = await post("/org-units", {"kind": "post", "name": "岗位", "parent_id": team})
    head = await post("/people", {"name": "李强", "mobile": "13900000001"})
    obj = await post("/risk-objects", {"kind": "area", "name": "罐区" + payload, "department_id": dept})
    unit = await post("/risk-units", {"object_id": obj, "name": payload + "单元", "department_id": dept,
                                      "liable_person_id": head})
    risk = await post("/risk-events", {"unit_id": unit, "name": payload, "accident_types": [8], "consequence": payload})
    await post("/control-measures", {"risk_event_id": risk, "description": payload, "classify1": "1",
                                     "classify2": "1-1", "data_source": "2", "inspection_content": payload,
                                     "responsible_post_id": post_id})
    if start.isspace():
        conn = await connect(database_url)
        try:
            await conn.execute("UPDATE risk_units SET name = $2 WHERE id = $1", unit, payload + "单元")
            await conn.execute("UPDATE risk_events SET name = $2, consequence = $2 WHERE id = $1", risk, payload)
            await conn.execute("UPDATE control_measures SET description = $2, inspection_content = $2 "
                               "WHERE risk_event_id = $1", risk, payload)
        finally:
            await conn.close()
    spec = (await api.get("/openapi.json")).json()
    exports = [path.replace("{enterprise_id}", eid).replace("{name}", name)
               for path, item in spec["paths"].items() for p in item.get("get", {}).get("parameters", [])
               if p["name"] == "format" for name in ("risks", "control-measures", "responsibilities")]
    assert exports
    for path in exports:
        r = await api.get(path, headers=officer, params={"format": "csv"})
        cells = [c for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")) for c in row]
        assert "'" + payload + "单元" in cells, path  # the unit name is in each of the three lists
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], (path, cells)




def _carries(spec: dict, schema: dict, field: str, seen: frozenset = frozenset()) -> bool:
    """Whether an answer of `schema` (refs followed) has `field` anywhere in it."""
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return name not in seen and _carries(spec, spec["components"]["schemas"][name], field, seen | {name})
    if field in schema.get("properties", {}):
        return True
    nested = [*schema.get("properties", {}).values(), *schema.get("anyOf", []), *schema.get("oneOf", []),
              *schema.get("allOf", []), *([schema["items"]] if isinstance(schema.get("items"), dict) else [])]
    return any(_carries(spec, s, field, seen) for s in nested)


def routes_carrying(spec: dict, field: str) -> set[tuple[str, str]]:
    """(METHOD, path) of every route whose successful answer has `field`."""
    return {(method.upper(), path) for path, item in spec["paths"].items() for method, op in item.items()
            for status, response in op.get("responses", {}).items() if status.startswith("2")
            for media in response.get("content", {}).values() if _carries(spec, media.get("schema", {}), field)}


async def test_every_answer_with_a_risk_event_says_whether_it_is_overdue(plant):
    """R1's 复评日期 (2026-11-30) has passed by the service's clock (2026-12-02): every route whose
    answer carries `reassessment_overdue` (found from the OpenAPI document) says so — lists,
    detail, command answers, my-post — and the risk list's export has it as a column."""
    api, eid, ids, officer = plant["api"], plant["eid"], plant["ids"], plant["officer"]
    e = "/enterprises/{enterprise_id}"
    liable = token(api.settings, eid, "worker", person=ids["HA"])  # 责任人 of R1's unit
    past = {"stage": "inherent", "method": "LS", "inputs": {"L": 1, "S": 2},
            "assessed_on": "2025-01-01", "reassess_on": "2025-06-01"}

    def item(rid):
        return lambda body: next(i for i in body["items"] if i["id"] == rid)

    # route → (request, the risk event in its answer, what the field must say)
    calls = {
        ("GET", f"{e}/risk-events"): (("GET", "/risk-events", None, officer), item(ids["R1"]), True),
        ("GET", f"{e}/risk-events/{{risk_id}}"): (("GET", f"/risk-events/{ids['R1']}", None, officer), None, True),
        ("PUT", f"{e}/risk-events/{{risk_id}}"): (("PUT", f"/risk-events/{ids['R1']}", {
            "name": "储罐超温分解爆炸", "accident_types": [17, 6], "consequence": "人员伤亡"}, officer), None, True),
        ("POST", f"{e}/risk-events/{{risk_id}}/assessments"): (
            ("POST", f"/risk-events/{ids['R3']}/assessments", past, officer), None, True),
        ("GET", f"{e}/lists/{{name}}"): (("GET", "/lists/risks", None, officer), item(ids["R1"]), True),
        ("GET", f"{e}/my-post"): (("GET", "/my-post", None, liable),
                                  lambda body: next(r for r in body["risks"] if r["id"] == ids["R1"]), True),
        # A new risk event has no 复评日期 yet; a retired one (R3, overdue just before) is due for nothing.
        ("POST", f"{e}/risk-events"): (("POST", "/risk-events", {
            "unit_id": ids["U1"], "name": "新风险", "accident_types": [7], "consequence": "灼伤"}, officer),
            None, False),
        ("POST", f"{e}/risk-events/{{risk_id}}/retire"): (
            ("POST", f"/risk-events/{ids['R3']}/retire", {"reason": "工艺取消"}, officer), None, False),
    }
    spec = (await api.get("/openapi.json")).json()
    carrying = routes_carrying(spec, "reassessment_overdue")
    assert carrying == set(calls), ("routes without a call here:", carrying - set(calls),
                                    "calls to routes that carry no such field:", set(calls) - carrying)
    for route, ((method, path, body, headers), pick, expected) in calls.items():
        r = await api.request(method, f"/enterprises/{eid}{path}", headers=headers, json=body)
        assert r.status_code in (200, 201), (route, r.text)
        risk = pick(r.json()) if pick else r.json()
        assert risk["reassessment_overdue"] is expected, (route, risk["reassess_on"])
    rows = list(csv.DictReader(io.StringIO((await api.get(
        f"/enterprises/{eid}/lists/risks", headers=officer, params={"format": "csv"})).content.decode("utf-8-sig"))))
    assert {r["风险事件"]: r["复评逾期"] for r in rows if r["风险事件"] in ("储罐超温分解爆炸", "泵密封泄漏")} == {
        "储罐超温分解爆炸": "逾期", "泵密封泄漏": ""}


async def test_the_overdue_lists_export_too(plant):
    api, eid, officer = plant["api"], plant["eid"], plant["officer"]
    for overdue, names in ((True, ["储罐超温分解爆炸"]), (False, ["卸车泄漏灼伤", "泵密封泄漏"])):
        for fmt in ("csv", "xlsx"):
            r = await api.get(f"/enterprises/{eid}/lists/risks", headers=officer,
                              params={"format": fmt, "overdue": overdue})
            assert r.status_code == 200, r.text
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
            else:
                rows = [list(row) for row in _sheet(r.content).iter_rows(values_only=True)]
            head = next(i for i, row in enumerate(rows) if "风险事件" in row)
            column = rows[head].index("风险事件")
            assert sorted(row[column] for row in rows[head + 1:]) == sorted(names), (overdue, fmt)

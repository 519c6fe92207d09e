"""The demo plant data (a hydrogen-peroxide plant) obeys every rule the loader and the domain apply,
so loading it can never fail half-way, and it looks like a real enterprise's three lists."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from itertools import combinations

import pytest

from libs.aggregate import DomainError
from services.risk_registry.demo import plant_data as data
from services.risk_registry.directory.application import commands as dc
from services.risk_registry.directory.domain.codes import PersonRole
from services.risk_registry.directory.domain.identifiers import (
    hazchem_code_problem,
    mobile_problem,
    uscc_check_char,
    uscc_problem,
)
from services.risk_registry.risk_chain.application import commands as rc
from services.risk_registry.risk_chain.domain.codes import (
    CLASSIFY2_LABELS,
    AccidentType,
    AssessmentMethod,
    Classify1,
    DataSource,
    RiskLevel,
    RiskObjectKind,
)
from services.risk_registry.risk_chain.domain.grading import (
    ALPHA_VALUES,
    GradingPolicy,
    Substance,
    grade,
    rate_major_hazard,
)
from services.risk_registry.risk_chain.domain.model import check_outline

POLICY = GradingPolicy()
PLAN_W, PLAN_H = 1000, 600
CJK = re.compile(r"[\u4e00-\u9fff]")
# GB 18218-2018 critical quantities (t) and β of the substances the demo plant uses.
KNOWN_SUBSTANCES = {
    "过氧化氢溶液（27.5%）": (200.0, 1.0),  # 氧化性液体 类别2
    "过氧化氢溶液（50%）": (200.0, 1.0),  # 氧化性液体 类别2
    "过氧化氢溶液（70%）": (50.0, 1.0),  # 氧化性液体 类别1 (≥ 60 %)
    "甲醇": (500.0, 1.0),  # 表1, 易燃液体
    "氢": (5.0, 1.5),  # 表1, 易燃气体
    "甲烷、天然气": (50.0, 1.5),
}


# ---- helpers ------------------------------------------------------------------------------------

def _all_posts() -> dict[str, tuple[str, str | None]]:
    """post name → (department, team or None)."""
    posts: dict[str, tuple[str, str | None]] = {}
    for dept in data.DEPARTMENTS:
        for post in dept.get("posts", []):
            posts[post] = (dept["name"], None)
        for team in dept.get("teams", []):
            for post in team["posts"]:
                posts[post] = (dept["name"], team["name"])
    return posts


POSTS = _all_posts()
DEPARTMENT_NAMES = {d["name"] for d in data.DEPARTMENTS}
TEAMS = {t["name"]: d["name"] for d in data.DEPARTMENTS for t in d.get("teams", [])}
PEOPLE = {p["name"]: p for p in data.PEOPLE}


def _units():
    for obj in data.OBJECTS:
        for unit in obj["units"]:
            yield obj, unit


def _risks():
    for obj, unit in _units():
        for risk in unit["risks"]:
            yield obj, unit, risk


def _measures():
    for obj, unit, risk in _risks():
        for m in risk["measures"]:
            yield obj, unit, risk, m


def _level(assessment: dict) -> RiskLevel:
    return grade(AssessmentMethod(assessment["method"]), assessment["inputs"], POLICY).level


def _duplicates(values) -> list:
    return [v for v, n in Counter(values).items() if n > 1]


def _is_convex(poly: list[list[float]]) -> bool:
    signs = set()
    n = len(poly)
    for i in range(n):
        (ax, ay), (bx, by), (cx, cy) = poly[i], poly[(i + 1) % n], poly[(i + 2) % n]
        cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx)
        if cross:
            signs.add(cross > 0)
    return len(signs) == 1


def _overlap(p: list[list[float]], q: list[list[float]]) -> bool:
    """Separating-axis test for two convex polygons; touching edges do not count as overlap."""
    for poly in (p, q):
        for i in range(len(poly)):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % len(poly)]
            axis = (y1 - y2, x2 - x1)
            pa = [axis[0] * x + axis[1] * y for x, y in p]
            qa = [axis[0] * x + axis[1] * y for x, y in q]
            if max(pa) <= min(qa) or max(qa) <= min(pa):
                return False
    return True


# ---- the helpers themselves ------------------------------------------------------------------------

def test_overlap_check_detects_overlap_and_allows_separation():
    a = [[0, 0], [10, 0], [10, 10], [0, 10]]
    assert _overlap(a, [[5, 5], [15, 5], [15, 15], [5, 15]])
    assert not _overlap(a, [[10, 0], [20, 0], [20, 10], [10, 10]])  # shares an edge only
    assert not _overlap(a, [[11, 11], [20, 11], [15, 20]])
    assert _is_convex(a) and not _is_convex([[0, 0], [10, 0], [5, 2], [10, 10], [0, 10]])


# ---- enterprise ---------------------------------------------------------------------------------------

def test_enterprise_identifiers_are_valid():
    e = data.ENTERPRISE
    assert set(e) == {"name", "credit_code", "industry", "hazchem_code"}
    assert e["industry"] == "危化"
    assert CJK.search(e["name"])
    assert uscc_problem(e["credit_code"]) is None
    assert e["credit_code"][17] == uscc_check_char(e["credit_code"][:17])
    assert hazchem_code_problem(e["hazchem_code"]) is None
    assert re.fullmatch(r"\d{9}", e["hazchem_code"])


# ---- org tree and people ------------------------------------------------------------------------------

def test_org_unit_names_are_unique_across_the_whole_tree():
    # The loader keys departments, teams and posts by name in one dictionary.
    names = [d["name"] for d in data.DEPARTMENTS]
    names += [t["name"] for d in data.DEPARTMENTS for t in d.get("teams", [])]
    names += [p for d in data.DEPARTMENTS for p in d.get("posts", [])]
    names += [p for d in data.DEPARTMENTS for t in d.get("teams", []) for p in t["posts"]]
    assert not _duplicates(names)
    assert all(CJK.search(n) and len(n) <= 200 for n in names)


def test_the_expected_departments_exist():
    assert {"生产部", "储运部", "设备部", "公用工程部", "综合管理部"} <= DEPARTMENT_NAMES
    assert DEPARTMENT_NAMES & {"安全环保部", "安全管理部"}
    assert all(t["posts"] for d in data.DEPARTMENTS for t in d.get("teams", [])), "a team without posts"


def test_people_are_valid_and_unique():
    assert 25 <= len(data.PEOPLE) <= 40
    assert not _duplicates(p["name"] for p in data.PEOPLE)
    assert not _duplicates(p["mobile"] for p in data.PEOPLE)
    roles = {r.value for r in PersonRole}
    for p in data.PEOPLE:
        assert set(p) == {"name", "mobile", "post", "roles"}, p["name"]
        assert mobile_problem(p["mobile"]) is None, p
        assert re.fullmatch(r"1[3-9]\d{9}", p["mobile"]) and p["mobile"].startswith("139000"), p
        assert p["post"] is None or p["post"] in POSTS, p
        assert p["roles"] and set(p["roles"]) <= roles and not _duplicates(p["roles"]), p


def test_role_rules():
    holders = {r: [p for p in data.PEOPLE if r.value in p["roles"]] for r in PersonRole}
    assert len(holders[PersonRole.PRINCIPAL]) == 1
    assert holders[PersonRole.TECHNICAL_HEAD]
    assert holders[PersonRole.OPERATIONS_HEAD]
    assert holders[PersonRole.SAFETY_OFFICER]
    for dept in DEPARTMENT_NAMES:
        assert any(p["post"] and POSTS[p["post"]][0] == dept for p in holders[PersonRole.DEPARTMENT_HEAD]), dept
    for team in TEAMS:
        assert any(p["post"] and POSTS[p["post"]][1] == team for p in holders[PersonRole.TEAM_LEADER]), team


def test_every_post_is_staffed():
    staffed = {p["post"] for p in data.PEOPLE}
    assert set(POSTS) - staffed == set()


# ---- risk objects ----------------------------------------------------------------------------------

def test_objects_are_unique_and_reference_existing_things():
    assert not _duplicates(o["name"] for o in data.OBJECTS)
    assert not _duplicates(o["code"] for o in data.OBJECTS)
    kinds = {k.value for k in RiskObjectKind}
    for o in data.OBJECTS:
        expected = {"kind", "name", "code", "department", "outline", "units"}
        if o["kind"] == RiskObjectKind.MAJOR_HAZARD_SOURCE:
            expected |= {"rating", "guardians"}
        assert set(o) == expected, o["name"]
        assert o["kind"] in kinds
        assert CJK.search(o["name"]) and len(o["name"]) <= 200
        assert re.fullmatch(r"[A-Z]+-\d{2}", o["code"]) and len(o["code"]) <= 36
        assert o["department"] in DEPARTMENT_NAMES
        assert o["units"], o["name"]


def test_the_plant_has_all_parts_of_an_anthraquinone_h2o2_plant():
    names = " ".join(o["name"] for o in data.OBJECTS)
    for part in ("氢化", "氧化", "萃取", "浓缩", "工作液配制", "制氢", "双氧水储罐区", "装卸", "空压", "循环水", "配电",
                 "仓库", "控制室", "动火作业", "受限空间作业", "高处作业", "吊装作业", "临时用电"):
        assert part in names, part
    kinds = Counter(o["kind"] for o in data.OBJECTS)
    assert all(kinds[k] for k in RiskObjectKind), kinds


def test_outlines_are_simple_inside_the_plan_and_do_not_overlap():
    drawn = []
    for o in data.OBJECTS:
        if o["kind"] == RiskObjectKind.OPERATION:
            assert o["outline"] is None, o["name"]
            continue
        assert o["outline"] is not None, o["name"]
        check_outline([tuple(p) for p in o["outline"]])
        assert _is_convex(o["outline"]), o["name"]
        assert all(0 <= x <= PLAN_W and 0 <= y <= PLAN_H for x, y in o["outline"]), o["name"]
        drawn.append(o)
    assert len(drawn) >= 5
    for a, b in combinations(drawn, 2):
        assert not _overlap(a["outline"], b["outline"]), (a["name"], b["name"])


def test_major_hazard_sources_are_rated_per_gb_18218():
    sources = [o for o in data.OBJECTS if o["kind"] == RiskObjectKind.MAJOR_HAZARD_SOURCE]
    assert len(sources) >= 2
    for o in sources:
        rating = o["rating"]
        assert set(rating) == {"alpha", "substances"}
        assert rating["alpha"] in ALPHA_VALUES
        substances = [Substance(**s) for s in rating["substances"]]
        for s in substances:
            assert (s.critical_q, s.beta) == KNOWN_SUBSTANCES[s.name], s
            assert s.q > 0
        assert rate_major_hazard(rating["alpha"], substances).ratio_sum >= 1, o["name"]
    for o in data.OBJECTS:
        if o["kind"] != RiskObjectKind.MAJOR_HAZARD_SOURCE:
            assert "rating" not in o and "guardians" not in o, o["name"]


def test_major_hazard_guardians_hold_the_matching_roles():
    wanted = {"principal": PersonRole.PRINCIPAL, "technical": PersonRole.TECHNICAL_HEAD,
              "operations": PersonRole.OPERATIONS_HEAD}
    for o in data.OBJECTS:
        if o["kind"] != RiskObjectKind.MAJOR_HAZARD_SOURCE:
            continue
        assert set(o["guardians"]) == set(wanted)
        for duty, role in wanted.items():
            person = PEOPLE[o["guardians"][duty]]
            assert role.value in person["roles"], (o["name"], duty)


# ---- units, risk events, measures -----------------------------------------------------------------

def test_counts():
    assert len(list(_risks())) >= 30
    assert len(list(_measures())) >= 80


def test_units_are_unique_and_reference_existing_things():
    for o in data.OBJECTS:
        assert not _duplicates(u["name"] for u in o["units"]), o["name"]
    for _, unit in _units():
        assert set(unit) == {"name", "department", "liable", "risks"}
        assert CJK.search(unit["name"]) and len(unit["name"]) <= 200
        assert unit["department"] in DEPARTMENT_NAMES
        assert unit["liable"] in PEOPLE
        assert unit["risks"], unit["name"]
        assert not _duplicates(r["name"] for r in unit["risks"]), unit["name"]


def test_risk_events_are_well_formed():
    for *_, risk in _risks():
        assert set(risk) == {"name", "accident_types", "consequence", "inherent", "residual", "measures"}
        assert CJK.search(risk["name"]) and len(risk["name"]) <= 500
        assert CJK.search(risk["consequence"]) and len(risk["consequence"]) <= 1000
        types = risk["accident_types"]
        assert types and not _duplicates(types), risk["name"]
        assert all(AccidentType(t) for t in types)


@pytest.mark.parametrize("stage", ["inherent", "residual"])
def test_assessments_use_the_official_scales(stage):
    for _, _, risk in _risks():
        a = risk[stage]
        assert set(a) == {"method", "inputs"}
        try:
            _level(a)
        except DomainError as e:
            pytest.fail(f"{risk['name']} {stage}: {e}")


def test_residual_risk_is_never_above_inherent_risk():
    for _, _, risk in _risks():
        assert _level(risk["residual"]) >= _level(risk["inherent"]), risk["name"]


def test_risk_levels_are_distributed_like_a_real_plant():
    inherent = Counter(_level(r["inherent"]) for _, _, r in _risks())
    residual = Counter(_level(r["residual"]) for _, _, r in _risks())
    assert inherent[RiskLevel.MAJOR] >= 1
    assert residual[RiskLevel.MAJOR] == 0
    assert 1 <= residual[RiskLevel.LARGE] <= sum(residual.values()) // 4, residual
    assert residual[RiskLevel.GENERAL] >= 5 and residual[RiskLevel.LOW] >= 5, residual


def test_measures_are_well_formed():
    for *_, m in _measures():
        assert set(m) == {"description", "classify1", "classify2", "classify3", "data_source",
                          "inspection_content", "post"}, m
        assert Classify1(m["classify1"])
        assert m["classify2"] in CLASSIFY2_LABELS, m
        assert m["classify2"].startswith(m["classify1"] + "-"), m
        assert m["classify3"] is None or (isinstance(m["classify3"], str) and 0 < len(m["classify3"]) <= 100)
        assert DataSource(m["data_source"])
        assert CJK.search(m["description"]) and len(m["description"]) <= 4000
        assert CJK.search(m["inspection_content"]) and len(m["inspection_content"]) <= 1000
        assert m["post"] in POSTS, m


def test_measures_are_a_mix_and_not_copied():
    for _, _, risk in _risks():
        measures = risk["measures"]
        assert len(measures) >= 2, risk["name"]
        assert not _duplicates(m["description"] for m in measures), risk["name"]
        assert len({m["classify1"] for m in measures}) >= 2, risk["name"]
    all_measures = [m for *_, m in _measures()]
    assert {m["classify1"] for m in all_measures} == {c.value for c in Classify1}
    assert {m["data_source"] for m in all_measures} == {d.value for d in DataSource}
    # one check task per measure and post: no identical task for the same post twice
    assert not _duplicates((m["post"], m["inspection_content"]) for m in all_measures)


def test_every_major_hazard_source_has_automated_monitoring():
    for o in data.OBJECTS:
        if o["kind"] == RiskObjectKind.MAJOR_HAZARD_SOURCE:
            sources = [m["data_source"] for u in o["units"] for r in u["risks"] for m in r["measures"]]
            assert DataSource.AUTOMATED_MONITORING.value in sources, o["name"]


# ---- what the loader sends ----------------------------------------------------------------------------

def test_every_command_the_loader_builds_is_accepted():
    """The loader turns the data into these commands; their field limits must all hold."""
    fake = "00000000-0000-0000-0000-000000000000"
    dc.RegisterEnterprise(**data.ENTERPRISE)
    for p in data.PEOPLE:
        dc.RegisterPerson(name=p["name"], mobile=p["mobile"], roles=p["roles"], post_id=fake if p["post"] else None)
    for o in data.OBJECTS:
        rc.RegisterRiskObject(kind=o["kind"], name=o["name"], code=o["code"], department_id=fake,
                              outline=o["outline"])
        if "rating" in o:
            rc.RateMajorHazard(**o["rating"])
            rc.AssignGuardians(principal_id=fake, technical_id=fake, operations_id=fake)
    for _, unit in _units():
        rc.CreateRiskUnit(object_id=fake, name=unit["name"], department_id=fake, liable_person_id=fake)
    for _, _, risk in _risks():
        rc.IdentifyRiskEvent(unit_id=fake, name=risk["name"], accident_types=risk["accident_types"],
                             consequence=risk["consequence"])
        for stage in ("inherent", "residual"):
            rc.AssessRisk(stage=stage, method=risk[stage]["method"], inputs=risk[stage]["inputs"],
                          assessed_on=date(2025, 1, 6), reassess_on=date(2026, 1, 6))
    for *_, m in _measures():
        rc.DefineControlMeasure(risk_event_id=fake, description=m["description"], classify1=m["classify1"],
                                classify2=m["classify2"], classify3=m["classify3"], data_source=m["data_source"],
                                inspection_content=m["inspection_content"], responsible_post_id=fake)


def test_the_plant_obeys_the_risk_rules_of_issue_9():
    """Names unique under their parent by the name key, residual risks within the inherent ones
    (by the domain's own rule), outlines within the default plant extent."""
    from libs.names import name_key
    from services.risk_registry.risk_chain.domain.codes import RiskStage
    from tests.unit.risk_registry.builders import TODAY, assess, risk_event

    assert not _duplicates(name_key(o["name"]) for o in data.OBJECTS)
    for obj in data.OBJECTS:
        assert not _duplicates(name_key(u["name"]) for u in obj["units"]), obj["name"]
        if obj.get("outline"):
            check_outline(obj["outline"])
    for _obj, unit in _units():
        assert not _duplicates(name_key(r["name"]) for r in unit["risks"]), unit["name"]
    for _obj, _unit, risk in _risks():
        assert not _duplicates(name_key(m["description"]) for m in risk["measures"]), risk["name"]
        graded = risk_event()
        for stage in (RiskStage.INHERENT, RiskStage.RESIDUAL):
            if stage.value in risk:
                a = risk[stage.value]
                assess(graded, stage, AssessmentMethod(a["method"]), a["inputs"], TODAY)  # raises when above

"""The composition root finds the services from their own specs and passes what libs needs into
it: the producers (libs/topology.py), the registries (libs/schemas.py), the plan of `make run`."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from libs import topology
from libs.config import Settings
from libs.events import EventRegistry
from libs.runtime.process import free_port
from libs.runtime.supervisor import Placed, Plan, Supervisor, _demo_banner
from libs.service import ServiceSpec, Welcome
from shuangkong.catalog import GATEWAY, Catalog, catalog, folders, spec_of
from shuangkong.run_plan import run_plan


def spec(name: str, publishes: bool = False, welcome: Welcome | None = None) -> ServiceSpec:
    return ServiceSpec(name=name, title=name, migrations=Path("."), routers=[],
                       registry=EventRegistry() if publishes else None, welcome=welcome)


def app_module(**attributes) -> types.ModuleType:
    module = types.ModuleType("services.x.app")
    module.__dict__.update(create_app=lambda settings=None: None, **attributes)
    return module


def test_every_service_folder_is_found_and_the_gateway_stands_apart():
    assert {"audit", "gateway", "risk_registry"} <= set(folders())
    found = catalog()
    assert GATEWAY not in found.specs and found.deployables[-1] == GATEWAY
    publishes = [found.specs[name].registry is not None for name in found.names]
    assert publishes == sorted(publishes, reverse=True), "upstream first: publishers before those that follow"
    assert all(found.specs[name].name == name for name in found.names)


def test_a_spec_with_a_registry_publishes_and_libs_is_told_so():
    found = catalog()
    assert "risk_registry" in found.producers() and "audit" not in found.producers()
    assert set(found.registries()) == set(found.producers())
    assert topology.producers() == found.producers()


def test_a_service_must_expose_its_spec_named_like_its_folder_and_create_app():
    assert spec_of(app_module(SPEC=spec("x")), "x").name == "x"
    with pytest.raises(TypeError, match="must expose SPEC"):
        spec_of(app_module(), "x")
    with pytest.raises(ValueError, match="SPEC.name is 'y'"):
        spec_of(app_module(SPEC=spec("y")), "x")
    no_factory = app_module(SPEC=spec("x"))
    del no_factory.create_app
    with pytest.raises(TypeError, match="create_app"):
        spec_of(no_factory, "x")


def test_topics_of_every_producer_or_of_those_named():
    declared = topology.producers()
    try:
        topology.declare_producers(["a", "b"])
        assert topology.all_event_topics("t.") == ["t.shuangkong.a.events.v1", "t.shuangkong.b.events.v1"]
        assert topology.all_event_topics(services=["c"]) == ["shuangkong.c.events.v1"]
        topology._producers = None
        with pytest.raises(LookupError, match="composition root"):
            topology.all_event_topics()
    finally:
        topology.declare_producers(declared)


def test_make_run_places_the_services_in_order_then_the_gateway():
    welcome = Welcome("/things?limit=1", "/things/{id}")
    found = Catalog({"b": spec("b", publishes=True), "a": spec("a", welcome=welcome)})
    settings = Settings(service_base_port=8100, metrics_base_port=9100, gateway_port=8000)
    plan = run_plan(settings, found)
    assert plan.services == [Placed("b", 8100, 9100), Placed("a", 8101, 9101)]
    assert plan.gateway == Placed(GATEWAY, 8000, 9102)
    assert plan.welcome == ("/a/things?limit=1", "/a/things/{id}")
    assert plan.serve[1:] == ["-m", "shuangkong", "serve"]
    assert run_plan(settings, Catalog({"b": spec("b")})).welcome is None


def test_the_supervisor_runs_what_the_plan_names(tmp_path):
    ports = [free_port() for _ in range(6)]
    plan = Plan(["serve"], [Placed("b", ports[0], ports[1]), Placed("a", ports[2], ports[3])],
                Placed(GATEWAY, ports[4], ports[5]))
    sup = Supervisor(Settings(run_dir=str(tmp_path)), plan)
    sup.plan_children("postgresql://db/x", "kafka:9092")
    assert [(c.name, c.args, c.uses_broker) for c in sup.children] == [
        ("b", ["serve", "b", "--port", str(ports[0])], True), ("a", ["serve", "a", "--port", str(ports[2])], True),
        (GATEWAY, ["serve", GATEWAY, "--port", str(ports[4])], False)]
    gateway = sup.children[-1].env
    assert gateway["SK_GATEWAY_ROUTES"] == f"b=http://127.0.0.1:{ports[0]},a=http://127.0.0.1:{ports[2]}"
    assert [c.env["SK_METRICS_PORT"] for c in sup.children] == [str(ports[1]), str(ports[3]), str(ports[5])]


def test_no_welcome_page_no_enterprise_in_the_banner():
    assert _demo_banner(Settings(), free_port(), "token", None) == ""

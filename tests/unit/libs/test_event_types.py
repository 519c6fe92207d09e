"""Every event type a service registers is one its aggregates can apply and one `schemas/`
publishes as the code generates it.

Found, not listed: every module under `services` is walked (pkgutil) and every `EventRegistry`
in it taken as its service's (the package after `services.`), every `Aggregate` subclass
defined there as its service's aggregates — so a registry or aggregate that moves to another
module of its service (`directory/`, `risk_chain/`) is still found. An event type is applied by
`when_<ClassName>` (libs/aggregate.py), its schema is `schemas/events/<type>/v<version>.json`
(libs/schemas.py). That each type has a describer is test_descriptions.py's."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections import defaultdict
from functools import cache
from types import ModuleType

import services
from libs.aggregate import Aggregate
from libs.events import DomainEvent, EventRegistry
from libs.schemas import event_schema, schema_path


def _service_of(module_name: str) -> str:
    return module_name.split(".")[1]


@cache
def _modules() -> tuple[ModuleType, ...]:
    names = [m.name for m in pkgutil.walk_packages(services.__path__, "services.")
             if ".migrations" not in m.name]  # Alembic scripts run their migration on import
    return tuple(importlib.import_module(name) for name in names)


@cache
def _registries() -> dict[str, list[EventRegistry]]:
    found: dict[str, dict[int, EventRegistry]] = defaultdict(dict)
    for module in _modules():
        for value in vars(module).values():
            if isinstance(value, EventRegistry):
                found[_service_of(module.__name__)][id(value)] = value
    return {service: list(by_id.values()) for service, by_id in found.items()}


@cache
def _aggregates() -> dict[str, set[type[Aggregate]]]:
    found: dict[str, set[type[Aggregate]]] = defaultdict(set)
    for module in _modules():
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Aggregate) and value is not Aggregate \
                    and value.__module__.startswith("services."):
                found[_service_of(value.__module__)].add(value)
    return found


def _event_types() -> list[tuple[str, type[DomainEvent]]]:
    return [(service, cls) for service, registries in _registries().items()
            for registry in registries for cls in registry.classes()]


def test_the_walk_finds_the_registries_and_aggregates_of_the_services():
    """Not vacuous: the risk registry publishes, and its aggregates are found beside its events."""
    assert "risk_registry" in _registries() and len(_event_types()) >= 29
    names = {cls.__name__ for cls in _aggregates()["risk_registry"]}
    assert {"Enterprise", "OrgUnit", "Person", "RiskObject", "RiskUnit", "RiskEvent", "ControlMeasure",
            "EnterpriseGradingPolicy"} <= names


def test_every_registered_event_type_has_its_when_on_an_aggregate_of_its_service():
    missing = [f"{service}: {cls.__name__} ({cls.TYPE})" for service, cls in _event_types()
               if not any(callable(getattr(aggregate, f"when_{cls.__name__}", None))
                          for aggregate in _aggregates()[service])]
    assert not missing, f"registered event types no aggregate applies (add when_<ClassName>): {missing}"


def test_every_when_of_an_aggregate_applies_a_registered_event_type_of_its_service():
    """The converse: a `when_X` for an unregistered X applies an event the store could not read back."""
    registered = defaultdict(set)
    for service, cls in _event_types():
        registered[service].add(cls.__name__)
    stray = [f"{service}: {aggregate.__name__}.{name}" for service, aggregates in _aggregates().items()
             for aggregate in aggregates for name in vars(aggregate)
             if name.startswith("when_") and name.removeprefix("when_") not in registered[service]]
    assert not stray, f"when_ methods for event types no registry of the service holds: {stray}"


def test_every_registered_event_type_has_its_schema_as_generated():
    problems = []
    for _, cls in _event_types():
        path = schema_path(cls)
        if not path.exists():
            problems.append(f"{cls.TYPE}: no {path.relative_to(path.parents[3])}")
        elif json.loads(path.read_text()) != json.loads(json.dumps(event_schema(cls))):
            problems.append(f"{cls.TYPE}: v{cls.VERSION}.json differs from the code")
    assert not problems, f"run `make schemas`: {problems}"


def test_an_event_type_names_one_class_across_every_service():
    """The audit trail and government sync read every topic: a type must say which event it is."""
    classes = defaultdict(set)
    for _, cls in _event_types():
        classes[cls.TYPE].add(cls)
    assert not [t for t, held in classes.items() if len(held) > 1]

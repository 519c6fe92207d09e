"""The services there are, each found from its own spec.

A service is a package `services/<name>/` whose `app` module exposes `SPEC` (a `ServiceSpec`
named like its folder) and `create_app(settings)`. They are found by walking the `services`
package (`pkgutil`), not from a list: adding a service is adding its folder (and its
deployment entries, which tests/contract/test_deployment.py checks against this catalog).

The gateway is deployed like a service (`shuangkong serve gateway`, its own container) but has
no spec: no store, no events, no read model — it routes `/<service>/…` to every other one, so
it is the composition root's to place, after them.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

import services
from libs import topology

if TYPE_CHECKING:  # at run time only once a service is read: `shuangkong token` starts in a blink
    from libs.events import EventRegistry
    from libs.schemas import Statement
    from libs.service import ServiceSpec

GATEWAY = "gateway"


class UnknownService(LookupError):
    pass


def folders() -> list[str]:
    """Every package under `services/` with an `app` module, in name order (no import yet)."""
    return sorted(m.name for m in pkgutil.iter_modules(services.__path__)
                  if m.ispkg and importlib.util.find_spec(f"services.{m.name}.app") is not None)


def app_module(name: str) -> ModuleType:
    if name not in folders():
        raise UnknownService(f"no service {name!r}; services: {', '.join(folders())}")
    return importlib.import_module(f"services.{name}.app")


def spec_of(module: ModuleType, name: str) -> ServiceSpec:
    from libs.service import ServiceSpec

    spec = getattr(module, "SPEC", None)
    if not isinstance(spec, ServiceSpec):
        raise TypeError(f"services/{name}/app.py must expose SPEC = ServiceSpec(...)")
    if spec.name != name:
        # The name is the topic, the schema and the gateway's path: one spelling everywhere.
        raise ValueError(f"services/{name}/app.py: SPEC.name is {spec.name!r}, not its folder's name")
    if not callable(getattr(module, "create_app", None)):
        raise TypeError(f"services/{name}/app.py must expose create_app(settings)")
    return spec


@dataclass(frozen=True)
class Catalog:
    # Every service but the gateway, upstream first: those that publish, then those that only
    # follow others' events, each in name order (make run's ports follow this order).
    specs: dict[str, ServiceSpec]

    @property
    def names(self) -> list[str]:
        return list(self.specs)

    @property
    def deployables(self) -> list[str]:
        """What runs as a process of its own: every service, then the gateway."""
        return [*self.specs, GATEWAY]

    def producers(self) -> tuple[str, ...]:
        """A service with an event registry publishes on its topic."""
        return tuple(name for name, spec in self.specs.items() if spec.registry is not None)

    def registries(self) -> dict[str, EventRegistry]:
        return {name: spec.registry for name, spec in self.specs.items() if spec.registry is not None}

    def statements(self) -> list[Statement]:
        """What the services publish beside their events (schemas/ documents both)."""
        return [st for spec in self.specs.values() for st in spec.statements]


@cache
def catalog() -> Catalog:
    """Import every service's wiring once, and tell `libs` who publishes (libs/topology.py)."""
    specs = [spec_of(app_module(name), name) for name in folders() if name != GATEWAY]
    found = Catalog({s.name: s for s in sorted(specs, key=lambda s: (s.registry is None, s.name))})
    topology.declare_producers(found.producers())
    return found

"""What `shuangkong run` starts, from the catalog: every service in its order on the API ports
from SK_SERVICE_BASE_PORT, the metrics ports from SK_METRICS_BASE_PORT (the services, then the
gateway), the gateway on SK_GATEWAY_PORT; the banner's first page from the spec that names one;
every service's migrations, run by the supervisor as the owner before any starts."""

from __future__ import annotations

import sys
from functools import partial

from libs.config import Settings
from libs.runtime.supervisor import Placed, Plan
from libs.service import migrate_services
from shuangkong.catalog import GATEWAY, Catalog

# The children run the same command line as this process, from the same interpreter.
SERVE = [sys.executable, "-m", "shuangkong", "serve"]


def run_plan(settings: Settings, found: Catalog) -> Plan:
    services = [Placed(name, settings.service_base_port + i, settings.metrics_base_port + i)
                for i, name in enumerate(found.names)]
    gateway = Placed(GATEWAY, settings.gateway_port, settings.metrics_base_port + len(services))
    welcome = next(((f"/{name}{spec.welcome.listing}", f"/{name}{spec.welcome.page}")
                    for name, spec in found.specs.items() if spec.welcome is not None), None)
    return Plan(SERVE, services, gateway, welcome, partial(migrate_services, list(found.specs.values()), settings))

"""Every service of the system, each under uvicorn on its own port, behind a real gateway."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import httpx
import pytest

from libs.config import Settings
from libs.runtime.process import free_port
from services.audit.app import create_app as create_audit
from services.gateway.app import create_app as create_gateway
from services.risk_registry.app import create_app as create_registry
from tests.integration.gateway.servers import serving
from tests.integration.service_client import settings_for
from tests.whole_system import system  # noqa: F401 - the whole system, a fixture found here

SERVICES = {"risk_registry": create_registry, "audit": create_audit}
KNOWN_PATH = {"risk_registry": "/enterprises", "audit": "/verify"}


async def ready(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(400):
            if (await client.get(f"{url}/readyz")).status_code == 200:
                return
            await asyncio.sleep(0.05)
    raise TimeoutError(f"{url} never became ready")


@pytest.fixture
async def deployed(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    async with AsyncExitStack() as stack:
        upstreams, metrics_ports = {}, {}
        for name, create in SERVICES.items():
            # Each on a metrics port of its own, as in a deployment.
            metrics_ports[name] = free_port()
            own = settings.model_copy(update={"metrics_port": metrics_ports[name]})
            upstreams[name] = await stack.enter_async_context(serving(create(own)))
            await ready(upstreams[name])
        metrics_ports["gateway"] = free_port()
        gateway_settings = Settings(_env_file=None, metrics_port=metrics_ports["gateway"],
                                    gateway_routes=",".join(f"{k}={v}" for k, v in upstreams.items()))
        gateway = await stack.enter_async_context(serving(create_gateway(gateway_settings)))
        client = await stack.enter_async_context(httpx.AsyncClient(base_url=gateway))
        yield client, upstreams, metrics_ports, settings

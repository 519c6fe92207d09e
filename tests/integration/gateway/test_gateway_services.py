"""The real services behind a real gateway, over TCP: each service's API docs load through the
gateway with nothing from the internet, /metrics is on each service's own port only, and hostile
paths get a 4xx from the real services too."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urljoin

import httpx
import pytest

from tests.integration.gateway.conftest import KNOWN_PATH, SERVICES
from tests.integration.service_client import token


def referenced_urls(html: str) -> list[str]:
    """Every URL the docs page makes the browser load: stylesheet, icon, script, the spec."""
    return [a or b for a, b in re.findall(r"""(?:href|src)="([^"]+)"|url: '([^']+)'""", html)]


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_each_services_docs_load_through_the_gateway_with_local_assets(deployed, service):
    client, _, _, _ = deployed
    page = await client.get(f"/{service}/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    urls = referenced_urls(page.text)
    assert len(urls) >= 4, urls  # css, favicon, script, spec
    assert not [u for u in urls if re.match(r"(https?:)?//", u)], urls  # nothing from a CDN
    spec = None
    for url in urls:
        r = await client.get(urljoin(f"/{service}/docs", url))
        assert r.status_code == 200, (url, r.status_code)
        assert len(r.content) > 100, url
        if url.endswith("openapi.json"):
            spec = r.json()
    assert spec is not None, urls
    assert KNOWN_PATH[service] in spec["paths"]
    assert spec["servers"] == [{"url": f"/{service}"}]  # "Try it out" goes through the gateway
    assert "openapi" in spec and spec["info"]["title"] != "双控 Shuangkong gateway"


async def test_metrics_are_on_each_services_own_port_not_on_the_gateway(deployed):
    client, upstreams, metrics_ports, _ = deployed
    async with httpx.AsyncClient() as direct:
        for name, url in upstreams.items():
            r = await direct.get(f"http://127.0.0.1:{metrics_ports[name]}/metrics")
            assert r.status_code == 200 and "sk_command_seconds" in r.text, name
            # Not on the API's port, so not through the gateway either, however the path is spelt.
            assert (await direct.get(f"{url}/metrics")).status_code == 404, name
            assert (await client.get(f"/{name}/metrics")).status_code == 404
        assert (await client.get("/metrics")).status_code == 404
        r = await direct.get(f"http://127.0.0.1:{metrics_ports['gateway']}/metrics")
    assert r.status_code == 200 and "python_info" in r.text


async def test_hostile_paths_through_the_gateway_get_a_4xx_from_the_real_services(deployed):
    client, _, _, settings = deployed
    admin = token(settings, None, "platform_admin", person="operator")
    wrong = []
    for service in SERVICES:
        for code in [*range(0x00, 0x20), 0x7F]:
            r = await client.get(f"/{service}/enterprises/a%{code:02X}b/people", headers=admin)
            if r.status_code != 400:
                wrong.append((service, f"%{code:02X}", r.status_code))
        for escape in ("%3F", "%23", "%3Fx=1", "%2F"):
            r = await client.get(f"/{service}/enterprises/ent{escape}/people", headers=admin)
            if not 400 <= r.status_code < 500:
                wrong.append((service, escape, r.status_code))
        for dots in ("/./readyz", "/enterprises/../readyz", "/%2e%2e/readyz", "/x/%2E/readyz"):
            r = await raw_get(client, f"/{service}{dots}")
            if r != 400:
                wrong.append((service, dots, r))
    assert not wrong, wrong


async def raw_get(client: httpx.AsyncClient, target: str) -> int:
    """The status of a GET of `target` sent as it is: httpx would resolve `.` and `..` itself."""
    reader, writer = await asyncio.open_connection(client.base_url.host, client.base_url.port)
    try:
        writer.write(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        return int((await reader.readline()).split()[1])
    finally:
        writer.close()

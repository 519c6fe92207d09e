"""What the gateway forwards stays out of its log: a query can carry personal details (people are
searched by mobile number), and the log is read by whoever operates the machine."""

from __future__ import annotations

import logging

import httpx

from tests.integration.gateway.servers import gateway_to, serving
from tests.integration.gateway.test_gateway_paths import echo_service

MOBILE = "13900000001"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()}")


async def test_a_searched_mobile_number_is_not_logged_by_the_gateway():
    collect = Collect()
    async with serving(echo_service()) as upstream, gateway_to(echo=upstream) as url:
        logging.getLogger().addHandler(collect)  # after start-up: setup_logging replaces handlers
        try:
            async with httpx.AsyncClient(base_url=url) as client:
                r = await client.get(f"/echo/enterprises/e/people?q={MOBILE}")
        finally:
            logging.getLogger().removeHandler(collect)
    assert r.status_code == 200 and r.json()["query"] == f"q={MOBILE}"
    assert not [line for line in collect.lines if MOBILE in line], collect.lines

"""A real receiving platform per test and dialect, on a real TCP port, on the test's clock; no
database or broker needed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from libs.clock import FixedClock
from tests.integration.alerting.channels.receivers import serving
from tests.integration.alerting.channels.tls import make_pki
from tests.integration.gov_sync.receivers.platform import GovReceiver

PARK_KEY, UPLOADER_KEY, PROVINCIAL_KEY = "wwyt2026Park#Key", "sec-Uploader-Key", "Province16chKey!"
PARK_LOGIN = ("91330100MA2XXXXX1A", "园区口令-2026")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))


async def _serve(receiver: GovReceiver, certfile: str | None = None, keyfile: str | None = None):
    async with serving(receiver.app(), certfile, keyfile) as url:
        receiver.url = url
        yield receiver
        receiver.released.set()


@pytest.fixture
async def park(clock):
    async for found in _serve(GovReceiver("park", PARK_KEY, PARK_LOGIN, lambda: clock.now().timestamp())):
        yield found


@pytest.fixture
async def uploader(clock):
    async for found in _serve(GovReceiver("uploader", UPLOADER_KEY, None, lambda: clock.now().timestamp())):
        yield found


@pytest.fixture
async def provincial(clock):
    async for found in _serve(GovReceiver("provincial", PROVINCIAL_KEY, None, lambda: clock.now().timestamp())):
        yield found


@pytest.fixture
async def park_tls(clock, tmp_path):
    """The park receiver over HTTPS with a certificate from a test CA (`park_tls.ca_file`)."""
    pki = make_pki(tmp_path)
    receiver = GovReceiver("park", PARK_KEY, PARK_LOGIN, lambda: clock.now().timestamp())
    receiver.ca_file = pki.ca_file
    async for found in _serve(receiver, pki.cert_file, pki.key_file):
        yield found

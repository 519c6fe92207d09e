"""The alerting service running for each test (alerting_site.py)."""

from __future__ import annotations

import pytest

from libs.clock import FixedClock
from services.alerting.app import create_app
from tests.integration.alerting.alerting_site import T0, Site
from tests.integration.service_client import running, settings_for


@pytest.fixture
async def site(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    app.state.clock = FixedClock(T0)
    async with running(app) as client:
        s = Site(client, settings, app.state.clock, app)
        await s.plant()
        yield s


@pytest.fixture
async def outbound_site(runtime, database_url, topic_prefix):
    """The alerting service with a secrets key, three attempts at most, and the real receiving servers
    of the channel tests (tests/integration/alerting/channels/receivers.py) on the service's clock."""
    from cryptography.fernet import Fernet

    from services.alerting.channels.settings import ChannelSettings
    from services.alerting.settings import AlertingSettings
    from tests.integration.alerting.channels.receivers import Receivers, serving

    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings, AlertingSettings(_env_file=None, secrets_key=Fernet.generate_key().decode()),
                     ChannelSettings(_env_file=None, max_attempts=3, timeout_s=5.0))
    clock = app.state.clock = FixedClock(T0)
    receivers = Receivers(now_ms=lambda: int(clock.now().timestamp() * 1000))
    async with serving(receivers.app()) as url, running(app) as client:
        receivers.url = url
        s = Site(client, settings, clock, app)
        s.receivers = receivers  # type: ignore[attr-defined]
        await s.plant()
        yield s
        receivers.released.set()
        await app.state.channels_http.aclose()

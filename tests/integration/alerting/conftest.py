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

"""The hazard service running for each test (hazard_site.py)."""

from __future__ import annotations

import pytest

from libs.clock import FixedClock
from services.hazard.app import create_app
from tests.integration.hazard.hazard_site import T0, Site
from tests.integration.service_client import running, settings_for


@pytest.fixture
async def site(runtime, database_url, topic_prefix, tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix, blob_dir=str(tmp_path / "blobs"))
    app = create_app(settings)
    app.state.clock = FixedClock(T0)
    async with running(app) as client:
        yield Site(client, settings, app.state.clock, app)



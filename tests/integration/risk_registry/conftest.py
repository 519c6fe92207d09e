import pytest

from services.risk_registry.app import create_app
from tests.integration.risk_registry.directory_helpers import connect
from tests.integration.service_client import running, settings_for, token


@pytest.fixture
async def registry_app(runtime, database_url, topic_prefix):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix)
    app = create_app(settings)
    async with running(app) as client:
        client.settings = settings
        client.app = app  # tests set the app's clock
        yield client


@pytest.fixture
async def db(database_url):
    """A connection to the registry's schema, for reading what a request wrote (or did not)."""
    conn = await connect(database_url)
    yield conn
    await conn.close()


@pytest.fixture
def admin(registry_app):
    return token(registry_app.settings, None, "platform_admin", person="operator")


VALID_CODE = "91350100M000100Y43"
SECOND_CODE = "91110000600037341L"


@pytest.fixture
async def enterprise(registry_app, admin):
    r = await registry_app.post("/enterprises", headers=admin, json={
        "name": "宁波某某双氧水有限公司", "credit_code": VALID_CODE, "industry": "危化", "hazchem_code": "330212001"})
    assert r.status_code == 201, r.text
    body = r.json()
    body["officer"] = token(registry_app.settings, body["id"], "safety_officer", person="officer-1")
    body["worker"] = token(registry_app.settings, body["id"], "worker", person="worker-1")
    return body

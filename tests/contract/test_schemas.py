"""`schemas/` is what the code publishes: regenerate and compare."""

import json

import jsonschema

from libs.schemas import ROOT, rendered, write_schemas
from shuangkong.catalog import catalog

REGISTRIES = catalog().registries()


def test_schemas_directory_matches_the_code():
    stale = write_schemas(REGISTRIES, check=True)
    assert not stale, f"schemas/ is stale, run `make schemas`: {stale}"


def test_every_event_type_has_a_valid_json_schema_and_an_asyncapi_message():
    doc = json.loads((ROOT / "asyncapi.json").read_text())
    for registry in REGISTRIES.values():
        for cls in registry.classes():
            schema = json.loads((ROOT / "events" / cls.TYPE / f"v{cls.VERSION}.json").read_text())
            jsonschema.Draft202012Validator.check_schema(schema)
            assert cls.TYPE.rsplit(".", 1)[-1] in doc["components"]["messages"]


def test_old_schema_versions_are_kept():
    # Every file ever generated stays: only the current version of each type is rendered, so
    # any other file under schemas/events is an older published version, and must stay valid.
    current = set(rendered(REGISTRIES))
    for path in (ROOT / "events").rglob("*.json"):
        if path not in current:
            jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))

"""`schemas/` is what the code publishes: regenerate and compare."""

import json

import jsonschema
import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from libs.schemas import ROOT, Statement, asyncapi, rendered, write_schemas
from libs.topology import heads_topic
from services.audit.domain.heads import Signer, seal
from services.audit.domain.merkle import Frontier
from services.audit.sealer import HEAD_TYPE, HEADS, head_message
from shuangkong.catalog import catalog
from shuangkong.cli import app

REGISTRIES = catalog().registries()
STATEMENTS = catalog().statements()


def test_schemas_directory_matches_the_code():
    stale = write_schemas(REGISTRIES, check=True, statements=STATEMENTS)
    assert not stale, f"schemas/ is stale, run `make schemas`: {stale}"


def test_shuangkong_schemas_check_is_green():
    done = CliRunner().invoke(app, ["schemas", "--check"])
    assert done.exit_code == 0, done.output


def test_the_audit_heads_topic_has_a_contract():
    """The heads topic (libs/topology.heads_topic) is documented like an event topic, from the
    audit service's spec: its channel, its message and the JSON Schema of a head's data."""
    assert HEADS in STATEMENTS and (HEADS.type, HEADS.topic) == (HEAD_TYPE, heads_topic("audit"))
    doc = json.loads((ROOT / "asyncapi.json").read_text())
    [channel] = [c for c in doc["channels"].values() if c["address"] == heads_topic("audit")]
    [ref] = channel["messages"].values()
    message = doc["components"]["messages"][ref["$ref"].rsplit("/", 1)[-1]]
    assert message["name"] == HEAD_TYPE
    schema = json.loads((ROOT / message["payload"]["$ref"]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:shuangkong:schema:{HEAD_TYPE}:v{HEADS.version}"
    assert all(HEAD_TYPE not in c["address"] for c in doc["channels"].values() if c is not channel)


def published_head() -> tuple[bytes, dict, dict]:
    """A head as the sealer sends it (domain seal, then the sealer's CloudEvent): key, data, headers."""
    head, _ = seal(Signer(Ed25519PrivateKey.generate()), "e1", None, Frontier(), {},
                   {"enterprise-e1": 1, "orgunit-u1": 3}, {("enterprise-e1", 1): "a" * 64,
                   **{("orgunit-u1", n): f"{n}" * 64 for n in (1, 2, 3)}}, 1_750_000_000_000)
    key, value, headers = head_message(head)
    return key, orjson.loads(value), {k: v.decode() for k, v in headers}


def test_a_head_the_sealer_sends_validates_against_the_schemas():
    key, data, headers = published_head()
    doc = json.loads((ROOT / "asyncapi.json").read_text())
    schema = json.loads((ROOT / "events" / HEAD_TYPE / "v1.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    jsonschema.Draft202012Validator(doc["components"]["schemas"]["CloudEventHeaders"]).validate(headers)
    assert headers["ce_type"] == HEAD_TYPE and headers["ce_dataschema"] == schema["$id"]
    assert key.decode() == headers["ce_subject"] and data["tree_size"] == 4


@pytest.mark.parametrize("change", [
    {"signature": "ab"}, {"root_hash": "Z" * 64}, {"tree_size": 0}, {"coverage": {}}, {"extra": 1},
])
def test_the_head_schema_refuses_what_is_no_head(change):
    _key, data, _headers = published_head()
    schema = json.loads((ROOT / "events" / HEAD_TYPE / "v1.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data | change))
    assert errors, change


def test_a_statement_named_like_an_event_is_refused():
    [registry] = [r for r in REGISTRIES.values() if r.classes()][:1]
    clash = Statement(f"x.{registry.classes()[0].TYPE.rsplit('.', 1)[-1]}", 1, "t.v1", {}, "clash")
    with pytest.raises(ValueError, match="named like an event"):
        asyncapi(REGISTRIES, [clash])


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
    current = set(rendered(REGISTRIES, STATEMENTS))
    for path in (ROOT / "events").rglob("*.json"):
        if path not in current:
            jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))

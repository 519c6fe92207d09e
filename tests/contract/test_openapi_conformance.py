"""Every service keeps the contract its OpenAPI document states, through the gateway a user calls.

The whole system runs here as it does under `make run`: each service and the gateway a real
HTTP server (uvicorn, in this process, on free ports) on the real PostgreSQL and broker of the
session. Each service's document is loaded through the gateway; schemathesis generates requests
for every operation (valid ones, and invalid ones wherever a body or query can be got wrong),
derandomized so every run sends the same cases, and every answer goes through
`not_a_server_error` (never a 5xx), `response_schema_conformance` (the body is what the document
says, errors included), `status_code_conformance` (the status is one the document names) and
`content_type_conformance`.

A seeded enterprise (org tree, people, a rated major hazard source with a unit, a graded risk
event and its control measure) gives real ids; about half of the generated ids and references are
replaced by them, and each request carries a token of the enterprise's writing roles (safety
officer and enterprise admin: identity's account routes are the admin's alone) for the enterprise
in its path (a platform admin's for platform routes), so the cases reach the handlers and the
database, not only the validators. Commands that end things (retire, leave) run last, so the rest
still finds the seeded chain alive.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

import httpx
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.derandomized import operation_cases
from tests.integration.risk_registry.directory_helpers import credit_code
from tests.integration.service_client import token
from tests.whole_system import SERVICES, System, seed

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
POSITIVE_EXAMPLES = 20  # per operation
NEGATIVE_EXAMPLES = 8  # per operation with a body or query to get wrong
SEED = 20261202
ENDINGS = ("/retire", "/leave")  # commands after which the seeded object is gone


# ---- generating and sending ------------------------------------------------------------------


def _path_ids(template: str, ids: dict[str, str]) -> dict[str, list[str]]:
    """Real values for the path parameters of `template` (`unit_id` is an org unit or a risk unit)."""
    unit = [ids["risk_unit"]] if "/risk-units/" in template else [ids["dept"], ids["team"], ids["post"],
                                                                    ids["spare"]]
    task = ids["guardian_task"] if "/guardian-tasks/" in template else ids["task"]  # a 包保 task's routes: one
    # A person's sign-in account (identity) has the person's id.
    return {"enterprise_id": [ids["enterprise"]], "unit_id": unit, "person_id": [ids["person"]],
            "account_id": [ids["person"]], "object_id": [ids["object"]], "risk_id": [ids["risk"]],
            "measure_id": [ids["measure"]], "task_id": [task], "photo_id": [ids["photo"]],
            "occurrence_id": [ids["occurrence"]], "record_id": [ids["record"]], "plan_id": [ids["plan"]],
            "hazard_id": [ids["hazard"]], "no": ["1"],  # a plan's checklist item
            "target_id": [ids["sync_target"]], "self_check_id": [ids["self_check"]],
            "event_id": [ids["event"]], "tree_size": [ids["sealed"]], "first": ["1"], "second": [ids["sealed"]],
            "year": ["2025"]}  # a year the holiday library has (inspection's calendar)


def _references(system: System) -> dict[str, list[str]]:
    """Real values for the ids a body or query refers to."""
    ids = system.ids
    return {"department_id": [ids["dept"], ids["spare"]], "parent_id": [ids["dept"], ids["team"]],
            "post_id": [ids["post"]], "responsible_post_id": [ids["post"]], "object_id": [ids["object"]],
            "unit_id": [ids["risk_unit"]], "risk_event_id": [ids["risk"]],
            "liable_person_id": system.people, "principal_id": system.people[1:2],
            "technical_id": system.people[2:3], "operations_id": system.people[3:4]}


_CONTROL = dict.fromkeys([*range(0x20), 0x7F])


def _plausible(values: dict, refs: dict[str, list[str]], rng: random.Random, n: int) -> None:
    """Make some values valid beyond what the document can say (real ids, check digits, no control
    characters), so more requests get past the rules into the handlers."""
    for name, value in list(values.items()):
        if isinstance(value, str) and rng.random() < 0.7:
            values[name] = value.translate(_CONTROL) or "名"
        if rng.random() >= 0.5:
            continue
        if name in refs:
            values[name] = rng.choice(refs[name])
        elif name == "mobile":
            values[name] = f"137{n:08d}"
        elif name == "credit_code":
            values[name] = credit_code(500_000 + n)
        elif name == "hazchem_code":
            values[name] = f"{n:09d}"


@dataclass
class Outcome:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    succeeded: set[str] = field(default_factory=set)  # operations that answered a 2xx at least once
    operations: set[str] = field(default_factory=set)
    # "operation → status: checks" → the first report of that kind (a class shows once, not 40 times)
    failures: dict[str, str] = field(default_factory=dict)


def _run(service: str, spec: dict, system: System, outcome: Outcome) -> None:
    """Synchronous (hypothesis and the requests transport): run it in a worker thread."""
    schema = schemathesis.openapi.from_dict(spec)
    rng = random.Random(f"{SEED}-{service}")
    refs = _references(system)
    base_url = f"{system.gateway}/{service}"
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.path.endswith(ENDINGS))  # stable: the rest keep the document's order
    session = requests.Session()
    for operation in operations:
        outcome.operations.add(f"{service} {operation.label}")
        for mode, case in operation_cases(operation, POSITIVE_EXAMPLES, NEGATIVE_EXAMPLES):
            _send(service, case, mode, system, refs, rng, base_url, session, outcome)


def _send(service, case, mode, system: System, refs, rng: random.Random, base_url: str, session, outcome: Outcome):
    n = outcome.sent
    for name, choices in _path_ids(case.operation.path, system.ids).items():
        if case.path_parameters and name in case.path_parameters and rng.random() < 0.7:
            case.path_parameters[name] = rng.choice(choices)
    if mode is GenerationMode.POSITIVE:
        if isinstance(case.body, dict):
            _plausible(case.body, refs, rng, n)
        if case.query:
            _plausible(case.query, refs, rng, n)
    tenant = (case.path_parameters or {}).get("enterprise_id")
    tenant = unquote(tenant) if tenant is not None else None  # generated path values come percent-encoded
    who = rng.random()
    if who < 0.04:
        headers = {}  # no token: 401
    elif tenant is None:
        headers = token(system.settings, None, "platform_admin", person="operator")
    elif who < 0.1:
        headers = token(system.settings, tenant, "worker", person=system.ids["person"])
    else:
        headers = token(system.settings, tenant, "safety_officer", "enterprise_admin", person=system.ids["person"])
    label = f"{service} {case.operation.label}"
    outcome.sent += 1
    streams = _streams(case.operation.definition.raw)
    try:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30, stream=streams)
    except requests.RequestException as exc:
        outcome.failures.setdefault(f"{label}: no answer", repr(exc))
        return
    outcome.statuses[response.status_code] += 1
    if 200 <= response.status_code < 300:
        outcome.succeeded.add(label)
    if streams and response.status_code == 200:
        # A live stream never ends by itself: its head is the contract here (its events are the
        # integration tests'); closing it is what a phone going away does.
        kind = response.headers.get("content-type") or ""
        kind = kind[0] if isinstance(kind, list) else kind  # schemathesis' response keeps each header's values
        if not kind.startswith("text/event-stream"):
            outcome.failures.setdefault(f"{label} → 200: not an event stream", kind)
        if hasattr(response, "close"):
            response.close()
        return
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except BaseExceptionGroup as group:  # schemathesis' failures: the report names each check and the case
        titles = ", ".join(sorted({getattr(e, "title", type(e).__name__) for e in group.exceptions}))
        outcome.failures.setdefault(f"{label} → {response.status_code}: {titles}", str(group)[:1500])


def _streams(operation: dict) -> bool:
    """Whether the operation's success is a Server-Sent Events stream (alerting's live inbox)."""
    return "text/event-stream" in operation.get("responses", {}).get("200", {}).get("content", {})


async def test_every_operation_of_every_service_keeps_its_documented_contract_through_the_gateway(system):
    started = time.monotonic()
    outcome = Outcome()
    async with httpx.AsyncClient(base_url=system.gateway, timeout=30) as client:
        await seed(client, system)
        specs = {}
        for service in SERVICES:
            r = await client.get(f"/{service}/openapi.json")
            assert r.status_code == 200, f"{service}: {r.status_code} {r.text[:200]}"
            specs[service] = r.json()
    for service, spec in specs.items():
        assert spec["paths"], service
        await asyncio.to_thread(_run, service, json.loads(json.dumps(spec)), system, outcome)

    print(f"\ncontract: {outcome.sent} requests over {len(outcome.operations)} operations in "
          f"{time.monotonic() - started:.0f}s; statuses {sorted(outcome.statuses.items())}; "
          f"{len(outcome.succeeded)} operations answered a 2xx")
    assert not outcome.failures, f"{len(outcome.failures)} kinds of answers break the contract:\n" + "\n".join(
        outcome.failures) + "\n\n" + "\n\n".join(f"{k}\n{v}" for k, v in list(outcome.failures.items())[:12])
    # The cases reached the handlers: every read answered at least once with data.
    reads = {op for op in outcome.operations if op.split(" ")[1] == "GET"}
    assert reads - outcome.succeeded == set(), sorted(reads - outcome.succeeded)
    assert len(outcome.succeeded) >= 0.7 * len(outcome.operations), sorted(outcome.operations - outcome.succeeded)

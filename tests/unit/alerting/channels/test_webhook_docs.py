"""The verifier docs/webhooks.md gives integrators accepts what the channel signs, so the page
cannot drift from the code."""

from __future__ import annotations

import re
import time
from pathlib import Path

from services.alerting.channels.adapters.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER
from services.alerting.channels.domain.signing import webhook_signature

DOC = Path(__file__).parents[4] / "docs" / "webhooks.md"


def _verifier():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert code, "docs/webhooks.md lost its Python verifier"
    namespace: dict = {}
    exec(code.group(1), namespace)
    return namespace["verified"]


def test_the_documented_verifier_accepts_our_signature_and_refuses_a_changed_body():
    verified = _verifier()
    # The snippet reads the wall clock, as a receiver does; sign at its now.
    timestamp = int(time.time())
    body = '{"id":"d","subject":"【双控提醒】隐患超期未整改"}'.encode()
    both = webhook_signature(timestamp, body, "new") + "," + webhook_signature(timestamp, body, "old")
    headers = {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: both}
    assert verified(headers, body, "old")
    assert verified(headers, body, "new")
    assert not verified(headers, body + b" ", "new")
    assert not verified(headers, body, "other")
    old = timestamp - 301  # correctly signed, but older than the 5 minutes a receiver allows
    stale = {TIMESTAMP_HEADER: str(old), SIGNATURE_HEADER: webhook_signature(old, body, "new")}
    assert not verified(stale, body, "new")

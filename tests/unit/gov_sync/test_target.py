"""A sync target's rules, pure: a known dialect, an https address, known entities, a batch size the
platforms take; secrets say only that they were set; a retired target takes no command."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.gov_sync.domain.events import SyncTargetConfigured, SyncTargetRetired, SyncTargetSecretsSet
from services.gov_sync.domain.target import SyncTarget

SETTINGS = {"name": "园区平台", "dialect": "park", "base_url": "https://park.example.gov.cn/", "entities": [3, 1, 1],
            "batch_size": 20, "iv_rule": "key_as_iv", "ca_bundle": None}


def test_configured_with_its_address_trimmed_and_entities_in_order():
    target = SyncTarget.configure_new("t-1", "e-1", **SETTINGS)
    [event] = target.pending()
    assert isinstance(event, SyncTargetConfigured)
    assert (event.base_url, event.entities, event.enterprise_id) == ("https://park.example.gov.cn", [1, 3], "e-1")


@pytest.mark.parametrize(("change", "field"), [
    ({"dialect": "fax"}, "dialect"), ({"base_url": "http://park.example.gov.cn"}, "base_url"),
    ({"base_url": "https://"}, "base_url"), ({"entities": []}, "entities"), ({"entities": [0, 7]}, "entities"),
    ({"batch_size": 0}, "batch_size"), ({"batch_size": 501}, "batch_size"), ({"iv_rule": "random"}, "iv_rule")])
def test_bad_settings_are_refused_naming_the_field(change, field):
    with pytest.raises(DomainError) as refused:
        SyncTarget.configure_new("t-1", "e-1", **{**SETTINGS, **change})
    assert refused.value.field == field


def test_secrets_set_and_retirement():
    target = SyncTarget.configure_new("t-1", "e-1", **SETTINGS)
    target.secrets_set(aes_key=True, credentials=False)
    target.secrets_set(aes_key=False, credentials=True)
    assert (target.has_aes_key, target.has_credentials) == (True, True)
    with pytest.raises(DomainError):
        target.secrets_set(aes_key=False, credentials=False)
    target.retire()
    assert [type(e) for e in target.pending()] == [SyncTargetConfigured, SyncTargetSecretsSet, SyncTargetSecretsSet,
                                                   SyncTargetRetired]
    with pytest.raises(DomainConflict):
        target.configure(**SETTINGS)

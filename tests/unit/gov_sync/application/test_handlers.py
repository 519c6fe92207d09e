"""Gov sync's handlers on fakes: a target configured with its secrets encrypted (the fake keeps the
ciphertext), write-only; bad secrets refused by field with nothing written; no key configured: 503;
another enterprise's target is 404."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from libs.aggregate import DomainError
from libs.errors import NotFound, Unavailable
from libs.repository import CommandContext
from services.gov_sync import bootstrap
from services.gov_sync.application import commands as c
from services.gov_sync.application import handlers as h

EID = "e-1"
CTX = CommandContext("admin-1", EID, "corr-1", frozenset({"enterprise_admin"}))
BODY = {"name": "园区平台", "dialect": "park", "base_url": "https://park.example.gov.cn", "entities": [1, 2, 3]}
KEY, CRED = "k3y-0f-sixteen!!", "user:pa55"


def configure(**extra) -> c.ConfigureTarget:
    return c.ConfigureTarget.model_validate({**BODY, **extra}).for_(EID)


async def test_secrets_are_kept_encrypted_and_the_events_say_only_that_they_are_set():
    deps = bootstrap.in_memory(cipher=Fernet(Fernet.generate_key()))
    tid = await h.configure_target(configure(aes_key=KEY, credentials=CRED), deps, CTX)
    target = await deps.targets.get(tid)
    assert (target.has_aes_key, target.has_credentials, target.version) == (True, True, 2)
    assert (await deps.secrets.reveal(tid)).aes_key == KEY.encode()
    stored_key, stored_cred = deps.secrets.stored[tid]
    assert KEY.encode() not in stored_key and b"pa55" not in stored_cred
    await h.set_target_secrets(c.SetTargetSecrets(credentials="other:n3w").for_(EID, tid), deps, CTX)
    revealed = await deps.secrets.reveal(tid)
    assert (revealed.aes_key, revealed.credentials) == (KEY.encode(), "other:n3w")  # the key kept


@pytest.mark.parametrize(("extra", "field"), [({"aes_key": "short"}, "aes_key"), ({"credentials": "nocolon"},
                                                                                  "credentials")])
async def test_bad_secrets_are_refused_and_nothing_is_written(extra, field):
    deps = bootstrap.in_memory(cipher=Fernet(Fernet.generate_key()))
    with pytest.raises(DomainError) as refused:
        await h.configure_target(configure(**extra), deps, CTX)
    assert refused.value.field == field and (await deps.secrets.reveal("any")).aes_key is None
    assert deps.secrets.stored == {}


async def test_without_a_key_a_secret_is_refused_but_a_target_without_one_is_configured():
    deps = bootstrap.in_memory(cipher=None)
    with pytest.raises(Unavailable):
        await h.configure_target(configure(aes_key=KEY), deps, CTX)
    tid = await h.configure_target(configure(), deps, CTX)
    assert (await deps.targets.get(tid)).has_aes_key is False


async def test_another_enterprises_target_is_not_found():
    deps = bootstrap.in_memory(cipher=Fernet(Fernet.generate_key()))
    tid = await h.configure_target(configure(), deps, CTX)
    with pytest.raises(NotFound):
        await h.retire_target(c.RetireTarget().for_("e-2", tid), deps, CTX)
    await h.retire_target(c.RetireTarget().for_(EID, tid), deps, CTX)
    with pytest.raises(NotFound):
        await h.retire_target(c.RetireTarget().for_(EID, tid), deps, CTX)

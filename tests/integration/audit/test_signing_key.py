"""Outside dev mode the audit service does not start without its signing key, and with one it
signs with exactly that key."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.app import create_app as create_audit
from services.audit.domain.heads import key_id
from services.audit.signing import AuditSettings, SigningKeyRefused
from tests.integration.service_client import running, settings_for, token


async def test_outside_dev_mode_the_service_refuses_to_start_without_its_key(runtime, database_url, topic_prefix,
                                                                            tmp_path):
    settings = settings_for(database_url, runtime.bootstrap, topic_prefix).model_copy(
        update={"dev_mode": False, "jwt_key": "k" * 48})
    missing = AuditSettings(signing_key_file=str(tmp_path / "audit.key"))
    with pytest.raises(SigningKeyRefused):
        async with running(create_audit(settings, missing)):
            pass
    assert not (tmp_path / "audit.key").exists(), "outside dev mode no key is made up"

    key = Ed25519PrivateKey.generate()
    (tmp_path / "audit.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    async with running(create_audit(settings, missing)) as audit:
        served = (await audit.get("/signing-key", headers=token(settings, None, "regulator"))).json()
    assert served["key_id"] == key_id(key.public_key()) and served["algorithm"] == "Ed25519"

"""The log's signing key lives in a file outside the database: made (0600) on first start in dev
mode, required otherwise."""

from __future__ import annotations

import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from libs.config import Settings
from services.audit.domain.heads import key_id
from services.audit.signing import AuditSettings, SigningKeyRefused, configured_public_key, load_signer


def test_dev_mode_makes_a_private_key_file_once_and_keeps_using_it(tmp_path):
    settings = Settings(dev_mode=True, run_dir=str(tmp_path / "run"))
    signer = load_signer(settings, AuditSettings())
    path = tmp_path / "run" / "audit-signing.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert b"BEGIN PRIVATE KEY" in path.read_bytes()
    assert load_signer(settings, AuditSettings()).key_id == signer.key_id
    assert key_id(configured_public_key(settings)) == signer.key_id
    assert [p.name for p in path.parent.iterdir()] == ["audit-signing.key"], "nothing left aside"


def test_outside_dev_mode_a_missing_key_is_refused_and_a_configured_one_used(tmp_path):
    settings = Settings(dev_mode=False, jwt_key="k" * 48, run_dir=str(tmp_path))
    with pytest.raises(SigningKeyRefused, match="SK_AUDIT_SIGNING_KEY_FILE"):
        load_signer(settings, AuditSettings(signing_key_file=str(tmp_path / "missing.key")))
    assert not (tmp_path / "missing.key").exists() and configured_public_key(settings) is None
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "audit.key"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)
    assert load_signer(settings, AuditSettings(signing_key_file=str(path))).key_id == key_id(key.public_key())


def test_a_key_file_that_is_not_an_ed25519_private_key_is_refused(tmp_path):
    settings = Settings(dev_mode=True, run_dir=str(tmp_path))
    path = tmp_path / "audit.key"
    path.write_text("not a key")
    with pytest.raises(SigningKeyRefused, match="not an unencrypted PEM"):
        load_signer(settings, AuditSettings(signing_key_file=str(path)))


def test_the_interval_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SK_AUDIT_SEAL_INTERVAL_S", "5")
    monkeypatch.setenv("SK_AUDIT_SIGNING_KEY_FILE", "/etc/shuangkong/audit.key")
    audit = AuditSettings()
    assert (audit.seal_interval_s, audit.signing_key_file) == (5.0, "/etc/shuangkong/audit.key")

"""The log's signing key lives in a file outside the database: made (0600) on first start in dev
mode, required otherwise."""

from __future__ import annotations

import logging
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from libs.config import Settings
from services.audit.domain.heads import key_id
from services.audit.signing import (
    AuditSettings,
    SigningKeyRefused,
    configured_public_key,
    load_signer,
    readable_by_others,
)


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


def stat_of(mode: int, gid: int) -> os.stat_result:
    return os.stat_result((stat.S_IFREG | mode, 0, 0, 1, 0, gid, 0, 0, 0, 0))


def test_a_key_is_exposed_when_anyone_or_a_group_the_service_is_not_in_may_read_it():
    own, foreign = os.getgid(), max({os.getgid(), *os.getgroups()}) + 1
    assert not readable_by_others(stat_of(0o600, foreign))
    assert not readable_by_others(stat_of(0o440, own)), "a Kubernetes Secret volume: root-owned, the pod's group"
    assert readable_by_others(stat_of(0o440, foreign))
    assert readable_by_others(stat_of(0o444, own)) and readable_by_others(stat_of(0o604, own))


def test_the_service_warns_of_a_key_others_may_read_and_not_of_one_its_group_may(tmp_path, caplog):
    settings = Settings(dev_mode=False, jwt_key="k" * 48, run_dir=str(tmp_path))
    path = tmp_path / "audit.key"
    path.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    os.chown(path, -1, os.getgid())
    path.chmod(0o440)
    with caplog.at_level(logging.WARNING, logger="services.audit.signing"):
        load_signer(settings, AuditSettings(signing_key_file=str(path)))
        assert caplog.records == []
        path.chmod(0o444)
        load_signer(settings, AuditSettings(signing_key_file=str(path)))
    [warned] = caplog.records
    assert "readable by others" in warned.getMessage()

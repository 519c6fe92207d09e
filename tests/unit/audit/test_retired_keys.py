"""Retired public keys come from files or directories named in a setting; one that cannot be read
stops the start, and a private key is not taken for a public one."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from libs.config import Settings
from services.audit import retired_keys
from services.audit.domain.heads import key_id, public_key_pem, raw_public_key
from services.audit.domain.keys import KeyStatus
from services.audit.signing import AuditSettings, SigningKeyRefused, configured_keys, load_keys, load_signer


def test_files_and_directories_of_retired_keys_are_read(tmp_path):
    a, b, c = (Ed25519PrivateKey.generate().public_key() for _ in range(3))
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "2024.pem").write_text(public_key_pem(a))
    (tmp_path / "old" / "2025.pem").write_text(public_key_pem(b))
    (tmp_path / "old" / "README").write_text("not a key, not read")
    (tmp_path / "c.hex").write_text(raw_public_key(c).hex() + "\n")
    keys = retired_keys.load(f"{tmp_path / 'old'}, {tmp_path / 'c.hex'}")
    assert [key_id(k) for k in keys] == [key_id(a), key_id(b), key_id(c)]
    assert retired_keys.load("") == []


def test_a_retired_key_that_cannot_be_read_stops_the_start(tmp_path):
    settings = Settings(dev_mode=True, run_dir=str(tmp_path))
    signer = load_signer(settings, AuditSettings())
    with pytest.raises(SigningKeyRefused, match="no such file"):
        load_keys(signer, AuditSettings(retired_public_keys=str(tmp_path / "gone.pem")))
    private = tmp_path / "private.pem"
    private.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with pytest.raises(SigningKeyRefused, match="private.pem"):
        load_keys(signer, AuditSettings(retired_public_keys=str(private)))


def test_the_configured_ring_holds_the_signing_key_as_current_and_the_retired_ones(tmp_path, monkeypatch):
    settings = Settings(dev_mode=True, run_dir=str(tmp_path))
    signer = load_signer(settings, AuditSettings())
    old = Ed25519PrivateKey.generate().public_key()
    (tmp_path / "old.pem").write_text(public_key_pem(old))
    monkeypatch.setenv("SK_AUDIT_RETIRED_PUBLIC_KEYS", str(tmp_path / "old.pem"))
    keys = configured_keys(settings)
    assert keys.current_id == signer.key_id and keys.status(key_id(old)) == KeyStatus.RETIRED
    assert load_keys(signer, AuditSettings()).keys.keys() == keys.keys.keys()

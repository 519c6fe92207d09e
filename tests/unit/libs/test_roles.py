"""The roles of an installation, what each may do in its schemas, and the secrets of the embedded
runtime (libs/roles.py, libs/grants.py, libs/runtime/secrets.py). Their effect on a real
PostgreSQL is proven in tests/integration/security."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import stat

import pytest

from libs.grants import wanted
from libs.roles import DatabaseRoles, scram_verifier
from libs.runtime.secrets import SecretFiles


def test_an_installation_has_an_owner_and_a_role_per_service():
    roles = DatabaseRoles(("risk_registry", "audit"))
    assert roles.all == ["sk_owner", "sk_risk_registry", "sk_audit"]
    assert DatabaseRoles(("audit",), prefix="t1_").all == ["t1_owner", "t1_audit"]
    with pytest.raises(ValueError, match="owner"):
        DatabaseRoles(("owner",))


def test_a_scram_verifier_is_what_postgresql_stores_and_proves_the_password():
    salt = b"0123456789abcdef"
    verifier = scram_verifier("pencil", salt=salt)
    match = re.fullmatch(r"SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)", verifier)
    assert match and base64.b64decode(match[1]) == salt
    salted = hashlib.pbkdf2_hmac("sha256", b"pencil", salt, 4096)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    assert base64.b64decode(match[2]) == hashlib.sha256(client_key).digest()  # what a client's proof is checked by
    assert scram_verifier("pencil", salt=salt) == verifier != scram_verifier("pencil")  # a fresh salt each time


@pytest.mark.parametrize(("kind", "name", "append_only", "privileges"), [
    ("r", "events", True, {"SELECT", "INSERT"}),
    ("r", "audit_entries", True, {"SELECT", "INSERT"}),
    ("r", "alembic_version", False, {"SELECT"}),
    ("r", "inbox", False, {"SELECT", "INSERT", "UPDATE", "DELETE"}),
    ("r", "deadlines", False, {"SELECT", "INSERT", "UPDATE", "DELETE"}),
    ("p", "a_partitioned_model", False, {"SELECT", "INSERT", "UPDATE", "DELETE"}),
    ("v", "a_view", False, {"SELECT"}),
    ("S", "a_serial_seq", False, {"SELECT", "USAGE"}),
])
def test_what_a_service_role_may_do_to_each_kind_of_relation(kind, name, append_only, privileges):
    assert set(wanted(kind, name, append_only)) == privileges
    assert not {"TRUNCATE", "REFERENCES", "TRIGGER"} & set(wanted(kind, name, append_only))


def test_secrets_are_made_once_in_files_only_their_user_reads(tmp_path):
    old = os.umask(0)
    try:
        files = SecretFiles(tmp_path / "run" / "secrets")
        password = files.password("sk_owner")
    finally:
        os.umask(old)
    path = files.path("sk_owner")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(files.directory.stat().st_mode) == 0o700
    assert len(password) >= 32 and files.password("sk_owner") == password == files.read("sk_owner")
    assert files.password("sk_audit") != password
    assert [p.name for p in files.directory.iterdir() if p.name.startswith(".")] == [], "no staging file left"
    os.chmod(path, 0o644)
    os.chmod(files.directory, 0o755)
    files.read("sk_owner")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(files.directory.stat().st_mode) == 0o700
    assert SecretFiles(tmp_path / "elsewhere").read("sk_owner") is None

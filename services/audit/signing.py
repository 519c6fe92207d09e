"""The audit log's signing key: a file outside the database, never in it.

In dev mode the key is created on first start (`<run dir>/audit-signing.key`, mode 0600, PKCS#8
PEM — what `openssl genpkey -algorithm ed25519` writes); otherwise it must exist at
`SK_AUDIT_SIGNING_KEY_FILE` (or that default place), and a service without it refuses to start:
heads signed by a key made up on the spot would vouch for nothing.

A rotated key is kept as a public key only (`SK_AUDIT_RETIRED_PUBLIC_KEYS`, services/audit/
retired_keys.py): the service needs it to verify the heads it signed, never to sign again."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from libs.config import Settings
from services.audit import retired_keys
from services.audit.domain.heads import Signer
from services.audit.domain.keys import KeyRing

log = logging.getLogger(__name__)
KEY_FILE = "audit-signing.key"


class AuditSettings(BaseSettings):
    """The audit service's own settings (`SK_AUDIT_*`)."""

    model_config = SettingsConfigDict(env_prefix="SK_AUDIT_", env_file=".env", extra="ignore")

    signing_key_file: str = ""  # empty: <run dir>/audit-signing.key
    seal_interval_s: float = Field(default=60.0, gt=0)  # how often the log is sealed (when it grew)
    # Public keys of keys the log signed with before: files (PEM or hex) or directories of *.pem,
    # separated by commas.
    retired_public_keys: str = ""


class SigningKeyRefused(RuntimeError):
    """No usable signing key: the service does not start (the message is for the operator)."""


def key_path(settings: Settings, audit: AuditSettings) -> Path:
    return Path(audit.signing_key_file) if audit.signing_key_file else Path(settings.run_dir) / KEY_FILE


def load_signer(settings: Settings, audit: AuditSettings) -> Signer:
    path = key_path(settings, audit)
    if not path.exists():
        if not settings.dev_mode:
            raise SigningKeyRefused(f"the audit signing key {path} does not exist: outside dev mode it is required "
                                    "(SK_AUDIT_SIGNING_KEY_FILE; create one with `openssl genpkey -algorithm ed25519`)")
        _create(path)
    if not settings.dev_mode and readable_by_others(path.stat()):
        log.warning("the audit signing key %s is readable by others than this service (mode %o, group %d)",
                    path, path.stat().st_mode & 0o777, path.stat().st_gid)
    try:
        return Signer(_read(path))
    except ValueError as exc:
        raise SigningKeyRefused(str(exc)) from exc


def readable_by_others(st: os.stat_result) -> bool:
    """Whether others than this service may read the key: any user at all, or a group it is not in.
    A group it is in is its own: a Kubernetes Secret volume is root-owned, 0440, with the pod's
    fsGroup, which the process holds as a supplementary group (or as its gid)."""
    if st.st_mode & 0o007:
        return True
    own = {os.getgid(), os.getegid(), *os.getgroups()}
    return bool(st.st_mode & 0o070) and st.st_gid not in own


def _read(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the audit signing key {path} is not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"the audit signing key {path} is not an Ed25519 key")
    return key


def _create(path: Path) -> None:
    """Write a new key with mode 0600 from the start, whole: written aside, then linked into place,
    so a start racing this one reads either no key or all of it (and the first link wins)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption())
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        os.link(aside, path)
        log.info("created the dev audit signing key %s", path)
    except FileExistsError:
        pass
    finally:
        aside.unlink(missing_ok=True)


def configured_public_key(settings: Settings, audit: AuditSettings | None = None) -> Ed25519PublicKey | None:
    """The public key of the configured signing key file, or None when there is no such file (an
    operator's convenience beside `make run`; a regulator passes the key it was given)."""
    path = key_path(settings, audit or AuditSettings())
    return _read(path).public_key() if path.exists() else None


def load_keys(signer: Signer, audit: AuditSettings) -> KeyRing:
    """The signer's key as current, with the retired ones configured beside it."""
    try:
        retired = retired_keys.load(audit.retired_public_keys)
    except ValueError as exc:
        raise SigningKeyRefused(str(exc)) from exc
    return KeyRing.of(signer.public_key, retired)


def configured_keys(settings: Settings, audit: AuditSettings | None = None) -> KeyRing | None:
    """Every key of the configured log (current and retired), or None without a signing key file."""
    audit = audit or AuditSettings()
    current = configured_public_key(settings, audit)
    return KeyRing.of(current, retired_keys.load(audit.retired_public_keys)) if current is not None else None

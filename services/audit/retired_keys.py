"""Reading the public keys of retired signing keys: `SK_AUDIT_RETIRED_PUBLIC_KEYS` names files
(a PEM public key, or its 64 hex digits) or directories (every `*.pem` in them), comma-separated.

Only public keys: a rotated-out private key has nothing left to sign, and one kept beside the
service could sign an old history anew. A name that cannot be read stops the start, as a missing
signing key does — a service that silently dropped a key would call its own older heads forged;
and a key the stored heads name that no name gives is said loudly at start (`unheld`)."""

from __future__ import annotations

import logging
from pathlib import Path

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain.heads import load_public_key
from services.audit.domain.keys import KeyRing

log = logging.getLogger(__name__)


def files(setting: str) -> list[Path]:
    found: list[Path] = []
    for name in (part.strip() for part in setting.split(",")):
        if not name:
            continue
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.glob("*.pem") if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise ValueError(f"retired audit public key {path}: no such file or directory")
    return found


def load(setting: str) -> list[Ed25519PublicKey]:
    """The keys the setting names; ValueError naming the file that is not an Ed25519 public key."""
    keys = []
    for path in files(setting):
        try:
            keys.append(load_public_key(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"retired audit public key {path}: {exc}") from exc
    return keys


async def unheld(pool: asyncpg.Pool, keys: KeyRing) -> list[str]:
    """The key_ids the stored heads name that `keys` lacks, logged at CRITICAL. The service starts
    all the same: in a rotation under way the retired key may be being added as it starts."""
    named = [r[0].strip() for r in await pool.fetch("SELECT DISTINCT key_id FROM audit_tree_heads")]
    missing = sorted(kid for kid in named if kid and kid not in keys.keys)
    if missing:
        log.critical("审计日志已存的树头由本服务未持有的公钥签名: %s; 请在 SK_AUDIT_RETIRED_PUBLIC_KEYS 中"
                     "提供这些已轮换的公钥, 否则这些树头校验为签名无效 (未知的签名公钥)", ", ".join(missing))
    return missing

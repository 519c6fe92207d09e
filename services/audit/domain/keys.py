"""The log's public keys over time: the current one and those it retired (pure: no I/O).

A key is rotated by signing new heads with a new key; the heads signed before keep their old
signatures (they were published, and a rebuild puts them back byte for byte), so whoever checks
a trail needs every key that ever signed it. Each head names its key (`key_id`, the SHA-256 of
the raw public key); the ring picks that key, and a head naming a key the ring does not hold is
refused as such — not "a bad signature", so the reader knows to ask for the missing key rather
than suspect a forgery. A head of the older format, with no `key_id`, holds if any key of the
ring signed it: such heads predate rotation, and trying a handful of keys admits no forgery
(every key tried is one the checker trusts).

Retiring a key does not make its heads less valid: a retired key still verifies what it signed —
but it signs nothing more. Along one log's heads in size order, a key once succeeded by another
never signs again (`Succession`): a retired key that still signs is one kept by someone who should
no longer hold it. Only a key that leaked needs more (its heads after the leak are suspect) — that
is a revocation, not a rotation, and not built here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain.heads import TreeHead, key_id


class KeyStatus(StrEnum):
    CURRENT = "current"  # signs new heads
    RETIRED = "retired"  # signed heads once; still verifies them


@dataclass(frozen=True)
class KeyRing:
    """key_id → public key, and which one signs now (None for a checker's ring: it only verifies)."""

    keys: Mapping[str, Ed25519PublicKey]
    current_id: str | None = None

    @classmethod
    def of(cls, current: Ed25519PublicKey | None, retired: Iterable[Ed25519PublicKey] = ()) -> KeyRing:
        keys = {key_id(k): k for k in retired}
        current_id = None
        if current is not None:
            current_id = key_id(current)
            keys[current_id] = current
        return cls(keys, current_id)

    @classmethod
    def checking(cls, keys: Iterable[Ed25519PublicKey]) -> KeyRing:
        """The keys a checker was given, none of them current."""
        return cls({key_id(k): k for k in keys})

    def status(self, kid: str) -> KeyStatus:
        return KeyStatus.CURRENT if kid == self.current_id else KeyStatus.RETIRED

    def refusal(self, head: TreeHead) -> str | None:
        """Why `head` does not hold under these keys (Chinese, for the reader), or None if it does."""
        if head.key_id:
            key = self.keys.get(head.key_id)
            if key is None:
                return (f"签名无效: 未知的签名公钥 (key_id {head.key_id[:16]}…), 不在所给的公钥中;"
                        " 若是已轮换的旧公钥, 请一并提供 (GET /audit/signing-keys)")
            return None if head.verified_by(key) else "签名无效 (不是该公钥签发的, 或树头已被改动)"
        if any(head.verified_by(key) for key in self.keys.values()):
            return None  # the older format: no key named, one of ours signed it
        return "签名无效 (旧格式树头, 未注明 key_id, 所给公钥均不能验证)"

    def verifies(self, head: TreeHead) -> bool:
        return self.refusal(head) is None

    def signer_of(self, head: TreeHead) -> str | None:
        """The key_id of the key that signed `head`, None if none of these did (for a head of the
        older format too, whose key this finds)."""
        if head.key_id:
            return head.key_id if self.verifies(head) else None
        return next((kid for kid, key in self.keys.items() if head.verified_by(key)), None)

    def named(self, head: TreeHead) -> TreeHead:
        """`head` naming its key: one of the older format gets the key_id of the key that signed it
        (unchanged when none of these did, or when it names one already)."""
        kid = None if head.key_id else self.signer_of(head)
        return replace(head, key_id=kid) if kid else head


class Succession:
    """The keys in the order they signed one log's heads, fed in size order: a key succeeded by
    another may never sign again. What it cannot tell: heads signed with the old key by whoever
    still holds it *before* the new key ever signed look like the old key's ordinary run (only a
    signed statement of the transition would say where it happened)."""

    def __init__(self, keys: KeyRing) -> None:
        self._keys = keys
        self._signing: tuple[str, int] | None = None  # the key signing now, from which size
        self._succeeded: dict[str, tuple[str, int]] = {}  # key → (its successor, the size it took over at)

    def refusal(self, head: TreeHead) -> str | None:
        """Why `head` breaks the succession (Chinese), or None; a head no key signed is not judged
        here (its signature says why)."""
        kid = self._keys.signer_of(head)
        if kid is None:
            return None
        if kid in self._succeeded:
            successor, since = self._succeeded[kid]
            return (f"已轮换下线的密钥 {kid[:12]} 在 {successor[:12]} 之后再次签名: 规模 {head.tree_size} 的树头"
                    f" (自规模 {since} 起已由 {successor[:12]} 签名)")
        if self._signing is not None and self._signing[0] != kid:
            self._succeeded[self._signing[0]] = (kid, head.tree_size)
        if self._signing is None or self._signing[0] != kid:
            self._signing = (kid, head.tree_size)
        return None


Keys = KeyRing | Ed25519PublicKey


def ring(keys: Keys) -> KeyRing:
    """A ring from what a caller holds: a ring, or the one key it was given."""
    return keys if isinstance(keys, KeyRing) else KeyRing.checking([keys])

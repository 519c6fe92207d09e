"""An enterprise's audit trail in memory — chains, seals, heads — to check and to tamper with."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.chain import GENESIS, canonical, link
from services.audit.domain.heads import Position, Signer, TreeHead, entry_leaf_hash, seal
from services.audit.domain.merkle import Frontier
from services.audit.domain.tree_checks import LeafSource, TreeFault, first_tree_fault

T0 = 1_750_000_000_000  # ms


def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


@dataclass
class Trail:
    signer: Signer
    enterprise_id: str = "e1"
    texts: dict[str, list[str]] = field(default_factory=dict)  # subject → canonical texts, by chain_seq
    heads: list[TreeHead] = field(default_factory=list)
    leaves: list[Position] = field(default_factory=list)
    sealed: dict[str, int] = field(default_factory=dict)
    frontier: Frontier = field(default_factory=Frontier)
    clock: int = T0

    def record(self, subject: str, **data) -> Trail:
        self.texts.setdefault(subject, []).append(canonical({"subject": subject, "data": data}))
        return self

    def hashes(self) -> dict[Position, str]:
        """Every entry's chain hash, recomputed from the texts (as an attacker who edits would)."""
        found = {}
        for subject, texts in self.texts.items():
            prev = GENESIS
            for seq, text in enumerate(texts, start=1):
                prev = found[(subject, seq)] = link(prev, text)
        return found

    def seal(self) -> TreeHead | None:
        self.clock += 1000
        chained = {subject: len(texts) for subject, texts in self.texts.items()}
        sealed = seal(self.signer, self.enterprise_id, self.heads[-1] if self.heads else None, self.frontier,
                      self.sealed, chained, self.hashes(), self.clock)
        if sealed is None:
            return None
        head, positions = sealed
        self.heads.append(head)
        self.leaves += positions
        self.sealed.update(head.coverage)
        return head

    def fault(self, with_key: bool = True) -> TreeFault | None:
        return first_tree_fault(self.heads, self.leaves, self.hashes(), self.sealed,
                                self.signer.public_key if with_key else None)

    def leaf_hashes(self) -> list[bytes]:
        hashes = self.hashes()
        return [entry_leaf_hash(s, n, hashes[(s, n)]) for s, n in self.leaves]

    def log(self) -> LeafSource:
        return LeafSource(self.leaf_hashes())


def busy_trail(signer_: Signer | None = None) -> Trail:
    """Three seals over four subjects, which grew unevenly."""
    trail = Trail(signer_ or signer())
    trail.record("riskevent-b", op="创建").record("riskevent-a", op="创建").record("riskevent-b", op="评价")
    trail.seal()
    trail.record("orgunit-1", name="生产部").record("riskevent-a", op="评价").record("riskevent-a", op="复评")
    trail.seal()
    trail.record("hazard-9", op="上报").record("orgunit-1", name="生产一部")
    trail.seal()
    return trail

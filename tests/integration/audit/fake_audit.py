"""A stand-in for the audit service's API, for the regulator's check: it serves an in-memory trail
(tests/unit/audit/domain/builders.py) as the real routes answer it, and any route can be made to
answer something else (`FakeAudit.answers`) — a malformed 200, another enterprise's heads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import orjson
from fastapi import FastAPI
from fastapi.responses import Response

from services.audit.domain.heads import Position, entry_leaf_hash
from services.audit.domain.merkle import consistency_proof, inclusion_proof, root
from tests.unit.audit.domain.builders import Trail

EID = "e1"


def event_id(position: Position) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{position[0]}/{position[1]}")


@dataclass
class FakeAudit:
    trail: Trail
    answers: dict[str, bytes] = field(default_factory=dict)  # path → the body answered instead (200)

    def leaves(self) -> list[bytes]:
        hashes = self.trail.hashes()
        return [entry_leaf_hash(s, n, hashes[(s, n)]) for s, n in self.trail.leaves]

    def app(self) -> FastAPI:
        app = FastAPI()
        base = f"/enterprises/{EID}"

        def answer(path: str, honest) -> Response:
            if path in self.answers:
                return Response(self.answers[path], media_type="application/json")
            return Response(orjson.dumps(honest()), media_type="application/json")

        @app.get(base + "/tree-heads/export")
        async def export() -> Response:
            path = "/tree-heads/export"
            if path in self.answers:
                return Response(self.answers[path], media_type="application/x-ndjson")
            return Response(b"".join(orjson.dumps(h.to_json()) + b"\n" for h in self.trail.heads),
                            media_type="application/x-ndjson")

        @app.get(base + "/consistency/{first}/{second}")
        async def consistency(first: int, second: int) -> Response:
            leaves = self.leaves()
            return answer(f"/consistency/{first}/{second}", lambda: {
                "first_root": root(leaves[:first]).hex(), "second_root": root(leaves[:second]).hex(),
                "proof": [h.hex() for h in consistency_proof(first, leaves[:second])]})

        @app.get(base + "/entries")
        async def entries(limit: int = 20) -> Response:
            hashes = self.trail.hashes()
            shown = [{"event_id": str(event_id(p)), "subject": p[0], "chain_seq": p[1], "hash": hashes[p]}
                     for p in reversed(self.trail.leaves)][:limit]
            return answer("/entries", lambda: {"items": shown, "total": len(self.trail.leaves)})

        @app.get(base + "/entries/{eid}/inclusion/{size}")
        async def inclusion(eid: uuid.UUID, size: int) -> Response:
            index = next(i for i, p in enumerate(self.trail.leaves) if event_id(p) == eid)
            return answer(f"/entries/{eid}/inclusion/{size}", lambda: {
                "leaf_index": index, "tree_size": size,
                "audit_path": [h.hex() for h in inclusion_proof(index, self.leaves()[:size])]})

        @app.get(base + "/verify")
        async def verify() -> Response:
            return answer("/verify", lambda: {"ok": True, "entries": len(self.trail.leaves), "sealed": 0})

        return app

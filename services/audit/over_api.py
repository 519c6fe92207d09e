"""`shuangkong audit-verify --api URL`: a regulator's check with no database access — the heads, the
consistency proofs and a sample of inclusion proofs fetched from the audit service's HTTP API, and
verified with the log's public keys alone.

Against heads the regulator saw published before (`--against-heads`, a file or the heads topic),
this finds a trail rolled back to an earlier state (the service's log is shorter than a published
head), a rewritten entry (the roots the service recomputes from its entries are not the signed
ones; the service refuses its own proofs with 409), a forged or re-signed head, and a fork."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote
from uuid import UUID

import httpx

from services.audit.domain.heads import TreeHead, entry_leaf_hash
from services.audit.domain.keys import Keys
from services.audit.domain.merkle import verify_inclusion
from services.audit.domain.served_checks import (
    Pair,
    ServedLog,
    ServedProof,
    heads_to_check,
    pairs_to_prove,
    root_findings,
    signed_sizes,
)
from services.audit.domain.tree_checks import Finding, growth_findings
from services.audit.witness import heads_from_lines


class ApiRefused(RuntimeError):
    """The service did not answer what was asked (the message says what, in Chinese)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class AuditApi:
    """The audit service's routes a regulator reads, for one enterprise."""

    def __init__(self, client: httpx.AsyncClient, enterprise_id: str) -> None:
        self._client, self._base = client, f"/enterprises/{quote(enterprise_id, safe='')}"

    async def _get(self, path: str, **params) -> httpx.Response:
        try:
            answer = await self._client.get(self._base + path, params=params or None)
        except httpx.HTTPError as exc:
            raise ApiRefused(0, f"无法访问审计服务 ({path}): {exc}") from exc
        if answer.status_code != 200:
            try:
                message = answer.json().get("message", answer.text)
            except ValueError:
                message = answer.text
            raise ApiRefused(answer.status_code, f"审计服务拒绝了 {path} (HTTP {answer.status_code}): {message}")
        return answer

    async def heads(self) -> list[TreeHead]:
        return heads_from_lines((await self._get("/tree-heads/export")).text, "审计服务导出的树头")

    async def consistency(self, first: int, second: int) -> ServedProof:
        body = (await self._get(f"/consistency/{first}/{second}")).json()
        return ServedProof(bytes.fromhex(body["first_root"]), bytes.fromhex(body["second_root"]),
                           [bytes.fromhex(h) for h in body["proof"]])

    async def recent_entries(self, limit: int) -> list[dict]:
        return (await self._get("/entries", limit=limit)).json()["items"] if limit else []

    async def inclusion(self, event_id: UUID, tree_size: int) -> dict:
        return (await self._get(f"/entries/{event_id}/inclusion/{tree_size}")).json()

    async def verification(self) -> dict:
        return (await self._get("/verify")).json()


@dataclass
class ApiCheck:
    """What the check saw and found."""

    published: int  # heads the regulator brought
    served: list[TreeHead]
    findings: list[Finding] = field(default_factory=list)
    included: int = 0  # entries whose inclusion proof checked out
    service_verification: dict | None = None

    @property
    def served_size(self) -> int:
        return max((h.tree_size for h in self.served), default=0)


async def check_over_api(api: AuditApi, enterprise_id: str, published: list[TreeHead], keys: Keys,
                         entries: int = 20) -> ApiCheck:
    """Check the enterprise's log as the API serves it against the heads published before."""
    published = [h for h in published if h.enterprise_id == enterprise_id]
    served = await api.heads()
    check = ApiCheck(len(published), served)
    every = heads_to_check(published, served, keys)
    size = check.served_size
    proofs: dict[Pair, ServedProof] = {}
    for first, second in pairs_to_prove(every, keys, size):
        try:
            proofs[(first, second)] = await api.consistency(first, second)
        except ApiRefused as refused:
            check.findings.append(Finding(enterprise_id, f"规模 {first}→{second} 的一致性证明: {refused}", second))
            return check
    check.findings += growth_findings(enterprise_id, every, keys, ServedLog(size, proofs), "审计服务的审计日志")
    check.findings += root_findings(enterprise_id, every, keys, proofs)
    latest = signed_sizes(served, keys).get(size)
    if latest is not None and not check.findings:
        await _check_inclusions(api, check, latest, entries)
    check.service_verification = await api.verification()
    return check


async def _check_inclusions(api: AuditApi, check: ApiCheck, head: TreeHead, entries: int) -> None:
    """The most recent entries the service shows, each proven under the latest signed head (the leaf
    recomputed here from the entry as shown; one not sealed yet is skipped)."""
    for entry in await api.recent_entries(entries):
        try:
            proof = await api.inclusion(entry["event_id"], head.tree_size)
        except ApiRefused as refused:
            if refused.status == 404:
                continue  # arrived after the last seal
            check.findings.append(Finding(head.enterprise_id, f"条目 {entry['event_id']} 的包含证明: {refused}"))
            return
        leaf = entry_leaf_hash(entry["subject"], entry["chain_seq"], entry["hash"])
        if not verify_inclusion(proof["leaf_index"], head.tree_size, leaf,
                                [bytes.fromhex(h) for h in proof["audit_path"]], bytes.fromhex(head.root_hash)):
            check.findings.append(Finding(head.enterprise_id, f"条目 {entry['event_id']} ({entry['subject']} 第"
                                          f" {entry['chain_seq']} 条) 不在规模 {head.tree_size} 的签名树头之下:"
                                          " 该条目被改写", head.tree_size))
            return
        check.included += 1

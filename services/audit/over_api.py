"""`shuangkong audit-verify --api URL`: a regulator's check with no database access — the heads, the
consistency proofs and a sample of inclusion proofs fetched from the audit service's HTTP API, and
verified with the log's public keys alone.

Against heads the regulator saw published before (`--against-heads`, a file or the heads topic),
this finds a trail rolled back to an earlier state (the service's log is shorter than a published
head), a rewritten entry (the roots the service recomputes from its entries are not the signed
ones; the service refuses its own proofs with 409), a forged or re-signed head, and a fork."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from services.audit.served_api import ApiRefused, AuditApi


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
    answered = await api.heads()
    served = [h for h in answered if h.enterprise_id == enterprise_id]
    check = ApiCheck(len(published), served)
    for other in sorted({h.enterprise_id for h in answered} - {enterprise_id}):
        sizes = sorted(h.tree_size for h in answered if h.enterprise_id == other)
        check.findings.append(Finding(enterprise_id, f"审计服务为企业 {enterprise_id} 返回了企业 {other} 的树头"
                                                     f" (规模 {', '.join(map(str, sizes))}): 未予采信"))
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
    try:
        shown = await api.recent_entries(entries)
    except ApiRefused as refused:
        check.findings.append(Finding(head.enterprise_id, f"审计记录列表: {refused}"))
        return
    for entry in shown:
        try:
            leaf_index, audit_path = await api.inclusion(entry.event_id, head.tree_size)
        except ApiRefused as refused:
            if refused.status == 404:
                continue  # arrived after the last seal
            check.findings.append(Finding(head.enterprise_id, f"条目 {entry.event_id} 的包含证明: {refused}"))
            return
        leaf = entry_leaf_hash(entry.subject, entry.chain_seq, entry.hash)
        if not verify_inclusion(leaf_index, head.tree_size, leaf, audit_path, bytes.fromhex(head.root_hash)):
            check.findings.append(Finding(head.enterprise_id, f"条目 {entry.event_id} ({entry.subject} 第"
                                          f" {entry.chain_seq} 条) 不在规模 {head.tree_size} 的签名树头之下:"
                                          " 该条目被改写", head.tree_size))
            return
        check.included += 1

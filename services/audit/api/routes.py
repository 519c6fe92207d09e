"""HTTP: read the trail and verify it; the signed tree heads of each enterprise's log and its
proofs (the certificate-transparency API, RFC 9162 §4, in this system's shape).

The trail holds every event's data as it was, personal details included, so within an
enterprise it is read by those who oversee everyone (libs.disclosure.OVERSIGHT: safety officers,
enterprise admins, the principal; regulators within their jurisdiction), not by workers, team
leaders or department heads."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote
from uuid import UUID

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from libs.auth import Role, enterprise_scope, require_roles
from libs.disclosure import OVERSIGHT
from libs.openapi import READ, errors, file_responses
from libs.pagination import PageParams, page, page_params
from services.audit import proofs, queries, tree
from services.audit.api import models as m
from services.audit.domain.heads import public_key_pem, raw_public_key
from services.audit.domain.keys import KeyRing, KeyStatus
from services.audit.verify import verify

platform = APIRouter(tags=["审计"])
AUDIT_READERS = tuple(sorted(OVERSIGHT))
scoped = APIRouter(prefix="/enterprises/{enterprise_id}", tags=["审计"],
                   dependencies=[Depends(enterprise_scope), Depends(require_roles(*AUDIT_READERS))])


@scoped.get("/entries", summary="审计记录 (按对象、操作人、事件类型、时间筛选)",
            response_model=m.AuditEntryPage, responses=READ)
async def list_entries(request: Request, enterprise_id: str,
                       subject: str | None = Query(None, max_length=200,
                                                   description="对象: 其编号, 或事件流 (如 riskevent-<编号>)"),
                       actor: str | None = Query(None, max_length=100, description="操作人"),
                       event_type: str | None = Query(None, max_length=200,
                                                      description="事件类型: 全名或末段, 按字面匹配"),
                       since: datetime | None = Query(None, description="起始时间 (含)"),
                       until: datetime | None = Query(None, description="截止时间 (不含)"),
                       p: PageParams = Depends(page_params)):
    items, total = await queries.entries(request.app.state.pool, enterprise_id, subject=subject, actor=actor,
                                         event_type=event_type, since=since, until=until, p=p)
    return page(items, total, p)


@scoped.get("/verify", summary="校验本企业审计链",
            response_model=m.Verification, responses=READ)
async def verify_enterprise(request: Request, enterprise_id: str):
    return await verify(request.app.state.pool, enterprise_id, request.app.state.keys)


@scoped.get("/tree-heads", summary="本企业审计日志的签名树头 (按规模升序)",
            response_model=m.SignedTreeHeadPage, responses=READ)
async def list_tree_heads(request: Request, enterprise_id: str, p: PageParams = Depends(page_params)):
    async with request.app.state.pool.acquire() as conn:
        total = await conn.fetchval("SELECT count(*) FROM audit_tree_heads WHERE enterprise_id = $1", enterprise_id)
        rows = await conn.fetch(f"""SELECT {tree.HEAD_COLUMNS} FROM audit_tree_heads WHERE enterprise_id = $1
                                    ORDER BY tree_size LIMIT $2 OFFSET $3""", enterprise_id, p.limit, p.offset)
    return page([proofs.head_view(tree.head_of(r)) for r in rows], total, p)


@scoped.get("/tree-heads/latest", summary="本企业审计日志的最新签名树头",
            response_model=m.SignedTreeHead, responses=READ)
async def latest_tree_head(request: Request, enterprise_id: str):
    async with request.app.state.pool.acquire() as conn:
        return proofs.head_view(await proofs.head_at(conn, enterprise_id, None))


EXPORTED = file_responses("application/x-ndjson", description="每行一个签名树头")


@scoped.get("/tree-heads/export", summary="导出全部签名树头 (JSON Lines, 供 shuangkong audit-verify --against-heads)",
            response_class=Response, responses={**EXPORTED, **READ})
async def export_tree_heads(request: Request, enterprise_id: str):
    async with request.app.state.pool.acquire() as conn:
        heads = await tree.heads(conn, enterprise_id)
    body = b"".join(orjson.dumps(h.to_json()) + b"\n" for h in heads)
    name = quote(f"audit-heads-{enterprise_id}.jsonl")  # the id as given, whatever its characters
    return Response(body, media_type="application/x-ndjson", headers={
        "Content-Disposition": f"attachment; filename=\"audit-heads.jsonl\"; filename*=UTF-8''{name}"})


# Sizes and ids are path parameters: a query parameter of this API narrows a list (tests check it).
PROOF_ERRORS = errors(401, 403, 404, 409, 422)


@scoped.get("/entries/{event_id}/inclusion", summary="条目的包含证明 (在最新签名树头之下)",
            response_model=m.InclusionProof, responses=PROOF_ERRORS)
async def entry_inclusion(request: Request, enterprise_id: str, event_id: UUID):
    return await proofs.inclusion(request.app.state.pool, enterprise_id, event_id, None)


@scoped.get("/entries/{event_id}/inclusion/{tree_size}", summary="条目的包含证明 (在规模为 tree_size 的签名树头之下)",
            response_model=m.InclusionProof, responses=PROOF_ERRORS)
async def entry_inclusion_at(request: Request, enterprise_id: str, event_id: UUID,
                             tree_size: int = Path(ge=1, le=2**62, description="签名树头的规模")):
    return await proofs.inclusion(request.app.state.pool, enterprise_id, event_id, tree_size)


@scoped.get("/consistency/{first}/{second}", summary="一致性证明 (规模 first 的树是规模 second 的树的前缀)",
            response_model=m.ConsistencyProof, responses=PROOF_ERRORS)
async def tree_consistency(request: Request, enterprise_id: str,
                           first: int = Path(ge=0, le=2**62, description="较早的规模"),
                           second: int = Path(ge=0, le=2**62, description="较晚的规模")):
    return await proofs.consistency(request.app.state.pool, enterprise_id, first, second)


@platform.get("/verify", summary="校验全部审计链 (平台管理员)",
              dependencies=[Depends(require_roles(Role.PLATFORM_ADMIN))],
              response_model=m.Verification, responses=errors(401, 403))
async def verify_all(request: Request):
    return await verify(request.app.state.pool, public_key=request.app.state.keys)


def _key_view(kid: str, key, status: KeyStatus) -> dict:
    return {"algorithm": "Ed25519", "key_id": kid, "status": status, "public_key_pem": public_key_pem(key),
            "public_key_hex": raw_public_key(key).hex()}


# Public, without a token: whoever checks a head needs the key, and it tells nothing else.
@platform.get("/signing-key", summary="审计日志当前的签名公钥 (校验签名树头用; 公开, 无需令牌)",
              response_model=m.SigningKey)
async def signing_key(request: Request):
    signer = request.app.state.signer
    return _key_view(signer.key_id, signer.public_key, KeyStatus.CURRENT)


@platform.get("/signing-keys", summary="审计日志的全部签名公钥: 当前的与已轮换的 (按 key_id 选取; 公开, 无需令牌)",
              response_model=m.SigningKeys)
async def signing_keys(request: Request):
    keys: KeyRing = request.app.state.keys
    ordered = sorted(keys.keys.items(), key=lambda item: (keys.status(item[0]) != KeyStatus.CURRENT, item[0]))
    return {"items": [_key_view(kid, key, keys.status(kid)) for kid, key in ordered],
            "unknown_key_ids": request.app.state.unknown_key_ids}

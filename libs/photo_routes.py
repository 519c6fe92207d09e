"""Photos over HTTP (照片上传与查看), the same routes in every service that takes them (check
records, hazards): `router()` goes into the service's `SPEC.routers`; its handlers find the
photos through `blob_store(app)`, which a record's handler uses too (`refuse_missing`).

POST /enterprises/{enterprise_id}/photos takes one file (multipart field `file`) from any member
of the enterprise and answers 201 with its id, kind and size — the same bytes again give the
same id and the same 201, so a phone may retry an upload it never heard back from. The kind is
read from the bytes (libs/blobs/kinds.py). GET …/photos/{photo_id} serves them back, only inside
the enterprise (the tenant guard), with the kind's content type; another enterprise's id is 404.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Request, UploadFile
from fastapi.responses import Response
from pydantic import Field

from libs.auth import enterprise_scope
from libs.blobs import BlobStore, FilesystemBlobStore, PhotoKind, kind_of
from libs.config import get_settings
from libs.edge import upload_too_large
from libs.errors import AppError, Unavailable, found
from libs.openapi import READ, ErrorBody, Record, errors, file_responses

log = logging.getLogger(__name__)

KINDS_LABEL = "JPEG、PNG 或 WebP"
# Content-addressed: the bytes behind an id never change, so a client keeps them as long as it likes.
_SERVED = {"Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"}


class PhotoReceived(Record):
    photo_id: str = Field(description="照片标识（内容哈希）; 记录引用照片时填写它")
    kind: PhotoKind = Field(description="照片格式: jpeg, png, webp（由文件内容判断）")
    size: int = Field(description="字节数")


class TooLarge(AppError):
    status, code = 413, "too_large"


class Refused(AppError):
    status, code = 422, "invalid_input"


class NotAPhoto(AppError):
    status, code = 415, "unsupported_media_type"


def blob_store(app: FastAPI) -> BlobStore:
    """The service's blob store: `app.state.blobs` when the wiring (or a test) set one, else the
    filesystem store at the configured folder, made once."""
    store = getattr(app.state, "blobs", None)
    if store is None:
        settings = getattr(app.state, "settings", None) or get_settings()
        store = app.state.blobs = FilesystemBlobStore(settings.blob_root())
    return store


def _store_unavailable(failed: OSError) -> Unavailable:
    log.error("the photo store failed: %r", failed)
    return Unavailable("照片存储暂时不可用，请稍后重试")


def _upload_errors() -> dict[int | str, dict[str, Any]]:
    return {**errors(401, 403, 404, 422),
            413: {"model": ErrorBody, "description": "照片过大"},
            415: {"model": ErrorBody, "description": f"不是 {KINDS_LABEL} 格式的照片"}}


def router() -> APIRouter:
    photos = APIRouter(prefix="/enterprises/{enterprise_id}/photos", tags=["照片"],
                       dependencies=[Depends(enterprise_scope)])

    @photos.post("", status_code=201, response_model=PhotoReceived, responses=_upload_errors(), summary="上传照片",
                 response_description="照片已收下; 同样的内容再次上传得到同一 photo_id, 也是 201")
    async def upload_photo(enterprise_id: str, request: Request,
                           file: Annotated[UploadFile, File(description=f"照片文件: {KINDS_LABEL}")]) -> PhotoReceived:
        limit = (getattr(request.app.state, "settings", None) or get_settings()).max_upload_bytes
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"file: {upload_too_large(limit)}", field="file")
        if not data:
            raise Refused("file: 照片不能为空", field="file")
        kind = kind_of(data)
        if kind is None:
            raise NotAPhoto(f"file: 只能上传 {KINDS_LABEL} 格式的照片（按文件内容判断）", field="file")
        try:
            photo_id = await blob_store(request.app).put(enterprise_id, data)
        except OSError as failed:  # a full disk, a folder not writable: the operator's to fix, not the caller's
            raise _store_unavailable(failed) from failed
        return PhotoReceived(photo_id=photo_id, kind=kind, size=len(data))

    @photos.get("/{photo_id}", response_class=Response, summary="查看照片",
                responses={**file_responses(*(k.media_type for k in PhotoKind), description="照片"), **READ})
    async def photo(enterprise_id: str, photo_id: str, request: Request) -> Response:
        try:
            kept = await blob_store(request.app).get(enterprise_id, photo_id)
        except OSError as failed:
            raise _store_unavailable(failed) from failed
        data = found(kept, "照片", "photo_id")
        kind = kind_of(data)  # only photos are stored: the octet stream is for bytes changed under the store
        media_type = kind.media_type if kind else "application/octet-stream"
        return Response(data, media_type=media_type, headers={**_SERVED, "ETag": f'"{photo_id}"'})

    return photos

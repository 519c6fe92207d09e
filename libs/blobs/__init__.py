"""Photos (照片) of check records and hazards, kept as blobs: one way for every service.

A photo is stored under its enterprise and named by a hash of the enterprise and its bytes, so the
same photo uploaded twice is one photo, and one enterprise's id means nothing in another's store.
Its kind is read from its first bytes, never from what the client says it is.

  kinds.py       JPEG, PNG or WebP from the bytes; the checks an upload passes
  port.py        the BlobStore port, the photo id (and `PhotoId`, a command's field naming one), and the
                 refusal of a record naming a photo not received
  memory.py      the in-memory fake (unit tests)
  filesystem.py  the default adapter: a directory, atomic writes, fanned-out folders
The HTTP routes are libs/photo_routes.py; decisions §38 says how the store scales out.
"""

from libs.blobs.filesystem import FilesystemBlobStore
from libs.blobs.kinds import PhotoKind, kind_of
from libs.blobs.memory import InMemoryBlobStore
from libs.blobs.port import BlobStore, PhotoId, PhotosMissing, is_photo_id, photo_id, refuse_missing

__all__ = ["BlobStore", "FilesystemBlobStore", "InMemoryBlobStore", "PhotoId", "PhotoKind", "PhotosMissing",
           "is_photo_id", "kind_of", "photo_id", "refuse_missing"]

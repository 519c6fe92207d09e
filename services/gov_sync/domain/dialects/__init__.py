"""One adapter per government platform dialect (GOV-INTERFACE.md): the chemical-park receiver
(`park`), the provincial-style uploader (`uploader`) and the provincial document's variant
(`provincial`)."""

from __future__ import annotations

from services.gov_sync.domain.dialects.base import Dialect, NotSent
from services.gov_sync.domain.dialects.park import PARK
from services.gov_sync.domain.dialects.provincial import PROVINCIAL
from services.gov_sync.domain.dialects.uploader import UPLOADER

DIALECTS: dict[str, Dialect] = {d.name: d for d in (PARK, UPLOADER, PROVINCIAL)}

__all__ = ["DIALECTS", "Dialect", "NotSent", "PARK", "PROVINCIAL", "UPLOADER"]

"""The fields of a check record besides its items and times: its client id, who made it on which
device, and where — each checked, a refusal naming the field."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from typing import Any

from libs.aggregate import DomainError
from libs.names import checked_text, is_blank
from services.inspection.domain.record_events import Location

MOBILE = re.compile(r"1[3-9]\d{9}")  # createByMobile: a mainland mobile number
DEVICE = re.compile(r"[0-9A-Za-z._:-]{1,64}")  # mobileMe: an IMEI or the id the phone may give instead


def checked_client_id(value: Any) -> str:
    """The id the phone gave the record when it made it (offline): a UUID, kept canonical."""
    if not isinstance(value, str | uuid.UUID) or not str(value).strip():
        raise DomainError("记录须带手机端生成的编号（UUID）", field="client_id")
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError:
        raise DomainError("手机端记录编号须为 UUID", field="client_id") from None


def checked_reporter(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DomainError("须注明排查人", field="reporter_id")
    return value.strip()


def checked_mobile(value: Any) -> str:
    if not isinstance(value, str) or MOBILE.fullmatch(value.strip()) is None:
        raise DomainError("排查人手机号须为 11 位大陆手机号", field="create_by_mobile")
    return value.strip()


def checked_device(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or DEVICE.fullmatch(value.strip()) is None:
        raise DomainError("设备标识须为 1～64 位字母、数字或 ._:-", field="mobile_me")
    return value.strip()


def checked_note(value: Any, field: str, limit: int) -> str | None:
    """An optional note: None when absent or blank."""
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None
    if not isinstance(value, str):
        raise DomainError("说明须为文字", field=field)
    return checked_text(value, field, limit)


def checked_flag(value: Any, field: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise DomainError(f"{name}须为 true 或 false", field=field)
    return value


def checked_location(value: Any) -> Location | None:
    """An optional position: latitude −90～90, longitude −180～180 (degrees)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise DomainError("位置须含纬度 lat 与经度 lng", field="location")
    lat = _degrees(value.get("lat"), 90, "location.lat", "纬度")
    lng = _degrees(value.get("lng"), 180, "location.lng", "经度")
    return Location(lat=lat, lng=lng)


def _degrees(value: Any, limit: int, field: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DomainError(f"{name}须为数字", field=field)
    if not -limit <= value <= limit:
        raise DomainError(f"{name}须在 -{limit}～{limit} 之间", field=field)
    return float(value)

"""What an alert says to the person told (in Chinese), and the digest that proves which text it was."""

from __future__ import annotations

import hashlib

from libs.clock import CHINA_TIME
from services.alerting.domain.codes import LEVEL_LABELS, Level, kind_label
from services.alerting.domain.events import AlertRaised


def content(raised: AlertRaised, level: Level) -> str:
    cause = raised.cause
    what = cause.title or cause.cause_id
    deadline = raised.deadline.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
    urgent = "【紧急】" if raised.urgent else ""
    return (f"{urgent}【{kind_label(cause.cause_type, raised.stage)}】{what}，截止时间 {deadline} (北京时间)。"
            f"请{LEVEL_LABELS[level]}及时处置。")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

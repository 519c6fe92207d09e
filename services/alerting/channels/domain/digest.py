"""The daily digest: a person who asked for one gets their non-urgent alerts as one message a day
instead of one per alert (issue 14, "No reminder fatigue").

Urgent ones (超期 of a 重大 hazard) never wait for it. The digest's own delivery id is derived
from the person, channel and day, so it too goes out once however often the scheduler looks."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from libs.clock import CHINA_TIME

from .delivery import ChannelKind, Delivery, Urgency
from .rendering import KEYWORD, AlertNotice, span


@dataclass(frozen=True)
class DigestPolicy:
    at: time = time(8, 0)  # Beijing time, when the day's digest goes out


def goes_to_digest(wants_digest: bool, urgency: Urgency) -> bool:
    return wants_digest and urgency is Urgency.NORMAL


def next_digest_at(policy: DigestPolicy, after: datetime) -> datetime:
    """The first digest time strictly after `after`, in the caller's time zone."""
    local = after.astimezone(CHINA_TIME)
    today = datetime.combine(local.date(), policy.at, CHINA_TIME)
    due = today if today > local else today + timedelta(days=1)
    return due.astimezone(after.tzinfo)


def digest_id(person: str, channel: ChannelKind, day: date) -> str:
    return hashlib.sha256(f"digest|{person}|{channel.value}|{day.isoformat()}".encode()).hexdigest()[:32]


def render_digest(person: str, channel: ChannelKind, target: str, notices: Sequence[AlertNotice], now: datetime,
                  base_url: str = "") -> Delivery:
    """One message listing every alert still open for the person, overdue ones first, then by
    deadline; each line its kind, level, cause, timing and link."""
    if not notices:
        raise ValueError("a digest needs at least one alert")
    day = now.astimezone(CHINA_TIME).date()
    ordered = sorted(notices, key=lambda n: (not n.overdue, n.deadline))
    overdue = sum(1 for n in ordered if now >= n.deadline)
    subject = f"【{KEYWORD}】{day.month}月{day.day}日待处置提醒汇总：共{len(ordered)}条，其中已超期{overdue}条"
    lines = []
    for number, notice in enumerate(ordered, 1):
        timing = f"已超期{span(now - notice.deadline)}" if now >= notice.deadline \
            else f"还剩{span(notice.deadline - now)}"
        cause = notice.cause if notice.occurrence is None else f"{notice.cause}（{notice.occurrence}）"
        link = base_url.rstrip("/") + notice.link_path
        lines.append(f"{number}. {notice.label}·第{int(notice.level)}级：{cause}，{timing} {link}")
    text = "\n".join([subject, *lines])
    markdown = "\n\n".join([f"### {subject}", *lines]) \
        if channel in {ChannelKind.DINGTALK, ChannelKind.WECOM} else None
    return Delivery(digest_id(person, channel, day), channel, person, target, subject, text, Urgency.NORMAL,
                    base_url.rstrip("/") + "/alerts", markdown)

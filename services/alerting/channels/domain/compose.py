"""From an alert at a level to the delivery a channel sends: the rendered Chinese text, the
stable delivery id of (alert, level, channel, recipient), and the urgency."""

from __future__ import annotations

from datetime import datetime

from .delivery import ChannelKind, Delivery, Urgency
from .once_per_level import DeliveryKey
from .rendering import AlertNotice, render


def urgency_of(notice: AlertNotice) -> Urgency:
    """超期 of a 重大 hazard is urgent: it goes out at once, through quiet hours and past the digest."""
    return Urgency.URGENT if notice.major_hazard_overdue else Urgency.NORMAL


def compose(notice: AlertNotice, channel: ChannelKind, recipient: str, target: str, now: datetime,
            base_url: str = "", attempt: int = 1) -> Delivery:
    rendered = render(notice, now, base_url)
    key = DeliveryKey(notice.alert_id, int(notice.level), channel, recipient)
    # E-mail and webhooks carry plain text; the robots render markdown.
    markdown = rendered.markdown if channel in {ChannelKind.DINGTALK, ChannelKind.WECOM} else None
    return Delivery(key.delivery_id, channel, recipient, target, rendered.subject, rendered.text,
                    urgency_of(notice), rendered.link, markdown, notice.alert_id, int(notice.level), attempt)

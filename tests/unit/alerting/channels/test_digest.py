"""The daily digest of a person's non-urgent alerts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from libs.clock import CHINA_TIME
from services.alerting.channels.domain.delivery import ChannelKind, Urgency
from services.alerting.channels.domain.digest import (
    DigestPolicy,
    goes_to_digest,
    next_digest_at,
    render_digest,
)
from services.alerting.channels.domain.rendering import AlertKind, AlertNotice, Level

NOW = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)  # 08:00 in Beijing


def test_only_normal_alerts_of_a_person_who_asked_wait_for_the_digest():
    assert goes_to_digest(True, Urgency.NORMAL)
    assert not goes_to_digest(True, Urgency.URGENT)
    assert not goes_to_digest(False, Urgency.NORMAL)


@pytest.mark.parametrize(("after", "due"), [
    (datetime(2026, 12, 3, 23, 59, tzinfo=UTC), datetime(2026, 12, 4, 0, 0, tzinfo=UTC)),  # 07:59 Beijing
    (datetime(2026, 12, 4, 0, 0, tzinfo=UTC), datetime(2026, 12, 5, 0, 0, tzinfo=UTC)),  # at it: tomorrow's
    (datetime(2026, 12, 3, 17, 0, tzinfo=UTC), datetime(2026, 12, 4, 0, 0, tzinfo=UTC)),  # 01:00 Beijing
])
def test_the_next_digest_time_is_in_beijing_time(after, due):
    assert next_digest_at(DigestPolicy(time(8, 0)), after) == due


def _notice(alert_id: str, kind: AlertKind, deadline: datetime, cause: str) -> AlertNotice:
    return AlertNotice(alert_id=alert_id, kind=kind, level=Level.ASSIGNEE, cause=cause, deadline=deadline,
                       link_path=f"/alerts/{alert_id}")


def test_a_digest_lists_overdue_first_then_by_deadline_once_a_day():
    notices = [_notice("a1", AlertKind.TASK_IMMINENT, NOW + timedelta(hours=6), "储罐液位巡检"),
               _notice("a2", AlertKind.HAZARD_OVERDUE, NOW - timedelta(days=1), "消防通道堵塞"),
               _notice("a3", AlertKind.HAZARD_IMMINENT, NOW + timedelta(hours=2), "配电室门禁损坏")]
    digest = render_digest("p-1", ChannelKind.EMAIL, "li@plant.cn", notices, NOW, "https://sk.plant.cn")
    assert digest.subject == "【双控提醒】12月4日待处置提醒汇总：共3条，其中已超期1条"
    assert digest.text.splitlines()[1:] == [
        "1. 隐患超期未整改·第1级：消防通道堵塞，已超期1天 https://sk.plant.cn/alerts/a2",
        "2. 隐患整改临期·第1级：配电室门禁损坏，还剩2小时 https://sk.plant.cn/alerts/a3",
        "3. 排查任务临期·第1级：储罐液位巡检，还剩6小时 https://sk.plant.cn/alerts/a1",
    ]
    assert digest.markdown is None and digest.urgency is Urgency.NORMAL
    later = render_digest("p-1", ChannelKind.EMAIL, "li@plant.cn", notices[:1], NOW + timedelta(hours=3))
    tomorrow = render_digest("p-1", ChannelKind.EMAIL, "li@plant.cn", notices, NOW + timedelta(days=1))
    assert later.delivery_id == digest.delivery_id != tomorrow.delivery_id
    robot = render_digest("p-1", ChannelKind.DINGTALK, "群", notices, NOW)
    assert robot.markdown is not None and robot.delivery_id != digest.delivery_id
    assert datetime(2026, 12, 4, 8, tzinfo=CHINA_TIME) == NOW
    with pytest.raises(ValueError):
        render_digest("p-1", ChannelKind.EMAIL, "li@plant.cn", [], NOW)

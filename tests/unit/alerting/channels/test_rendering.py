"""The Chinese message of an alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.alerting.channels.domain.compose import compose, urgency_of
from services.alerting.channels.domain.delivery import ChannelKind, Urgency
from services.alerting.channels.domain.once_per_level import DeliveryKey
from services.alerting.channels.domain.rendering import AlertKind, AlertNotice, Level, render, span, truncate_utf8

DEADLINE = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # 18:00 in Beijing


def _notice(**overrides) -> AlertNotice:
    values = dict(alert_id="a-1", kind=AlertKind.TASK_OVERDUE, level=Level.TEAM, cause="反应釜压力巡检",
                  deadline=DEADLINE, link_path="/alerts/a-1", occurrence="12月3日 白班")
    return AlertNotice(**{**values, **overrides})


def test_an_overdue_task_names_kind_level_cause_deadline_and_how_overdue():
    rendered = render(_notice(), DEADLINE + timedelta(days=1, hours=2, minutes=5), "https://sk.example.cn/")
    assert rendered.subject == "【双控提醒】排查任务超期未排查（第2级提醒·班组长）：反应釜压力巡检"
    assert rendered.text.splitlines() == [
        rendered.subject,
        "事由：反应釜压力巡检（12月3日 白班）",
        "截止时间：2026-12-03 18:00（北京时间）",
        "已超期 1天2小时",
        "请及时处置并在系统中登记处置情况。",
        "处理入口：https://sk.example.cn/alerts/a-1",
    ]
    assert rendered.link == "https://sk.example.cn/alerts/a-1"
    assert "[进入系统处置](https://sk.example.cn/alerts/a-1)" in rendered.markdown
    assert rendered.markdown.startswith("### 【双控提醒】")


def test_an_imminent_hazard_says_how_long_is_left():
    notice = _notice(kind=AlertKind.HAZARD_IMMINENT, level=Level.ASSIGNEE, cause="罐区围堰破损", occurrence=None)
    rendered = render(notice, DEADLINE - timedelta(hours=5, minutes=20))
    assert rendered.subject == "【双控提醒】隐患整改临期（第1级提醒·责任人）：罐区围堰破损"
    assert "事由：罐区围堰破损\n" in rendered.text
    assert "距截止还有 5小时20分钟" in rendered.text
    assert rendered.link == "/alerts/a-1"


def test_a_major_hazard_is_marked_and_is_urgent_when_overdue():
    overdue = _notice(kind=AlertKind.HAZARD_OVERDUE, level=Level.PRINCIPAL, major_hazard=True, occurrence=None)
    assert render(overdue, DEADLINE).subject.startswith("【双控提醒】【重大】隐患超期未整改（第4级提醒·主要负责人）")
    assert urgency_of(overdue) is Urgency.URGENT
    assert urgency_of(_notice(kind=AlertKind.HAZARD_IMMINENT, major_hazard=True)) is Urgency.NORMAL
    assert urgency_of(_notice()) is Urgency.NORMAL


def test_a_configured_kind_brings_its_own_label():
    notice = _notice(kind=None, kind_label="特种作业证书即将到期", cause="张三 电工证", overdue_kind=False)
    assert "特种作业证书即将到期" in render(notice, DEADLINE - timedelta(days=10)).subject
    with pytest.raises(ValueError):
        _ = _notice(kind=None).label


@pytest.mark.parametrize(("delta", "said"), [
    (timedelta(seconds=30), "不足1分钟"), (timedelta(minutes=7), "7分钟"), (timedelta(hours=3), "3小时"),
    (timedelta(hours=3, minutes=1), "3小时1分钟"), (timedelta(days=2), "2天"),
    (timedelta(days=2, hours=23), "2天23小时"),
])
def test_span(delta, said):
    assert span(delta) == said


def test_truncation_counts_utf8_bytes_and_cuts_at_a_character():
    text = "隐患" * 1000  # 6000 bytes
    cut = truncate_utf8(text, 2048)
    assert len(cut.encode()) <= 2048
    assert cut.endswith("…") and cut[:-1] == text[: len(cut) - 1]
    assert truncate_utf8("短", 2048) == "短"


def test_compose_gives_every_attempt_the_same_id_and_robots_markdown():
    now = DEADLINE + timedelta(hours=1)
    first = compose(_notice(), ChannelKind.DINGTALK, "group:一车间", "一车间群", now)
    again = compose(_notice(), ChannelKind.DINGTALK, "group:一车间", "一车间群", now + timedelta(minutes=5), attempt=2)
    key = DeliveryKey("a-1", 2, ChannelKind.DINGTALK, "group:一车间")
    assert first.delivery_id == again.delivery_id == key.delivery_id
    assert (first.attempt, again.attempt) == (1, 2)
    assert first.markdown is not None
    mail = compose(_notice(), ChannelKind.EMAIL, "p-7", "zhang@example.cn", now)
    assert mail.markdown is None and mail.delivery_id != first.delivery_id
    assert (mail.alert_id, mail.level) == ("a-1", 2)

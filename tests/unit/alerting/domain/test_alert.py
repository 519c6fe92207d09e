"""The alert: raised once, told rung by rung when due (never twice, never after it is handled),
acknowledged, cleared, resolved by itself; what is not allowed names what is."""

from __future__ import annotations

import pytest

from libs.aggregate import DomainConflict, DomainError
from services.alerting.domain.codes import Level, Stage, State
from services.alerting.domain.message import content, digest
from tests.unit.alerting.domain.alert_builders import DEADLINE, H, an_alert, raised, types


def test_raising_twice_records_once():
    alert = an_alert()
    assert alert.raise_(raised()) is False and alert.pending() == []


def test_rungs_fall_due_on_the_original_deadline():
    alert = an_alert()
    assert alert.due_step(DEADLINE - H) is None
    assert alert.due_step(DEADLINE) == (0, Level.TEAM)
    assert alert.escalate(0, Level.TEAM, ["p-leader"], DEADLINE)
    assert alert.due_step(DEADLINE + 23 * H) is None and alert.next_due_at() == DEADLINE + 24 * H
    assert alert.due_step(DEADLINE + 24 * H) == (1, Level.DEPARTMENT)
    assert types(alert) == ["AlertEscalated", "NotificationAttempted"]
    assert alert.state is State.ESCALATED and alert.recipients == {"p-leader"}


def test_a_rung_is_told_once_however_often_its_deadline_fires():
    alert = an_alert()
    assert alert.escalate(0, Level.TEAM, ["p-leader"], DEADLINE)
    assert alert.escalate(0, Level.TEAM, ["p-leader"], DEADLINE + H) is False
    assert len(alert.pending()) == 2


def test_every_attempt_carries_channel_recipient_digest_outcome_and_attempt():
    alert = an_alert()
    alert.escalate(0, Level.TEAM, ["p-a", "p-b"], DEADLINE)
    attempts = alert.pending()[1:]
    expected = digest(content(raised(), Level.TEAM))
    assert [(a.channel, a.recipient_id, a.digest, a.outcome, a.attempt) for a in attempts] == [
        ("inbox", "p-a", expected, "delivered", 1), ("inbox", "p-b", expected, "delivered", 1)]
    assert "排查任务超期未排查" in content(raised(), Level.TEAM)


def test_acknowledged_stops_the_ladder_and_clearing_needs_a_reason():
    alert = an_alert()
    alert.escalate(0, Level.TEAM, ["p-leader"], DEADLINE)
    alert.acknowledge("p-leader", "已安排补查", DEADLINE + H)
    assert alert.due_step(DEADLINE + 100 * H) is None and alert.next_due_at() is None
    with pytest.raises(DomainError) as refused:
        alert.clear("p-officer", " ", DEADLINE + 2 * H)
    assert refused.value.field == "reason"
    alert.clear("p-officer", "已补查, 无异常", DEADLINE + 2 * H)
    assert alert.state is State.CLEARED


def test_clearing_an_unacknowledged_alert_names_what_is_allowed():
    alert = an_alert()
    with pytest.raises(DomainConflict) as refused:
        alert.clear("p-officer", "误报", DEADLINE)
    assert "现在可以" in refused.value.message and "处置" in refused.value.message
    assert refused.value.field == "state"


def test_a_closed_alert_allows_nothing_and_says_so():
    alert = an_alert()
    assert alert.resolve("shuangkong.inspection.OccurrenceCompleted", "ev-2", DEADLINE)
    assert alert.resolve("shuangkong.inspection.OccurrenceCompleted", "ev-2", DEADLINE) is False
    with pytest.raises(DomainConflict) as refused:
        alert.acknowledge("p-leader", "已处理", DEADLINE)
    assert "已自动解除" in refused.value.message and "无 (已结束)" in refused.value.message
    assert alert.due_step(DEADLINE + 100 * H) is None


def test_reading_is_for_the_people_told_once():
    alert = an_alert()
    alert.escalate(0, Level.TEAM, ["p-leader"], DEADLINE)
    with pytest.raises(DomainError):
        alert.read("p-stranger", DEADLINE)
    assert alert.read("p-leader", DEADLINE) and alert.read("p-leader", DEADLINE) is False


def test_reassigned_at_the_assignee_rung_tells_the_new_assignee_now():
    alert = an_alert(Stage.IMMINENT)
    alert.escalate(0, Level.ASSIGNEE, ["p-worker"], DEADLINE)
    alert.reassign(["p-new"], DEADLINE + H)
    assert types(alert)[-2:] == ["AlertReassigned", "NotificationAttempted"]
    assert alert.recipients == {"p-worker", "p-new"} and alert.assignees == ["p-new"]


def test_replayed_from_its_events_it_is_the_same_alert():
    alert = an_alert()
    alert.escalate(0, Level.TEAM, ["p-leader"], DEADLINE)
    alert.acknowledge("p-leader", "已安排", DEADLINE + H)
    history = [raised(), *alert.pending()]
    again = type(alert).rehydrate("a-1", history)
    assert (again.state, again.steps_told, again.recipients) == (State.ACKNOWLEDGED, 1, {"p-leader"})

"""The ladder policy: due times from the original deadline, the default's rungs, a ladder that does
not climb refused naming the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from services.alerting.domain.codes import Level, Stage
from services.alerting.domain.policy import DEFAULT_POLICY, Ladder, Rung

DEADLINE = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)


def test_the_default_tells_the_assignee_when_imminent():
    assert DEFAULT_POLICY.ladder(Stage.IMMINENT).due_times(DEADLINE) == [(Level.ASSIGNEE, DEADLINE)]


def test_the_default_overdue_ladder_is_team_at_once_department_at_24h_principal_at_72h():
    assert DEFAULT_POLICY.ladder(Stage.OVERDUE).due_times(DEADLINE) == [
        (Level.TEAM, DEADLINE), (Level.DEPARTMENT, DEADLINE + 24 * H), (Level.PRINCIPAL, DEADLINE + 72 * H)]


def test_a_start_and_graces_per_level_move_each_rung():
    ladder = Ladder(start_h=2, rungs=[Rung(level=Level.ASSIGNEE, grace_h=4), Rung(level=Level.DEPARTMENT, grace_h=1),
                                      Rung(level=Level.PRINCIPAL)])
    assert ladder.due_times(DEADLINE) == [(Level.ASSIGNEE, DEADLINE + 2 * H), (Level.DEPARTMENT, DEADLINE + 6 * H),
                                          (Level.PRINCIPAL, DEADLINE + 7 * H)]


@pytest.mark.parametrize("levels", [[Level.PRINCIPAL, Level.TEAM], [Level.TEAM, Level.TEAM]])
def test_a_ladder_must_climb_each_level_once(levels):
    with pytest.raises(ValidationError) as refused:
        Ladder(rungs=[Rung(level=level) for level in levels])
    assert "自下而上" in str(refused.value)


def test_a_ladder_has_at_least_one_rung():
    with pytest.raises(ValidationError):
        Ladder(rungs=[])

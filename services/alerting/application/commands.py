"""The commands of alerting, also their HTTP bodies; the domain checks the rest in Chinese."""

from __future__ import annotations

from pydantic import Field

from libs.commands import AggregateCommand, EnterpriseCommand
from services.alerting.domain.policy import Ladder


class Acknowledge(AggregateCommand):
    """处置: what was done about it."""

    note: str = Field(..., min_length=1, max_length=1000, description="处置情况")


class Clear(AggregateCommand):
    """销警, with the reason."""

    reason: str = Field(..., min_length=1, max_length=1000, description="销警理由")


class SetPolicy(EnterpriseCommand):
    """The enterprise's escalation policy: one ladder per stage, for alerts raised from now on."""

    imminent: Ladder = Field(..., description="临期提醒的逐级规则")
    overdue: Ladder = Field(..., description="超期提醒的逐级规则")

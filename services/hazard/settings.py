"""Hazard governance's own settings (`SK_HAZARD_*`), beside the shared ones: who may accept a 重大
hazard and decide an extension where an enterprise set none of its own (role names,
comma-separated; application/rules.py), when rectification is 临期, and by
when a 重大 hazard's five are due when its grader names no date."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.hazard.domain.duties import Entitlements
from services.hazard.domain.governance import PlanDuePolicy
from services.hazard.domain.hazard_rules import ELIGIBLE
from services.hazard.domain.rectification_clock import ImminencePolicy


class HazardSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_HAZARD_", env_file=".env", extra="ignore")

    major_acceptors: str = "principal,technical_head"  # who accepts a 重大 hazard (decision 48)
    extension_deciders: str = "principal,technical_head,safety_officer"
    imminent_fraction: Decimal = Field(default=Decimal("0.2"), gt=0, lt=1)  # 临期: the last 20 % of the time
    imminent_at_least_h: int = Field(default=24, ge=0)  # …but at least a day
    plan_due_days: int = Field(default=7, ge=1)  # 重大: the five in place within a week of grading (decision 54)

    @field_validator("major_acceptors", "extension_deciders")
    @classmethod
    def _roles(cls, value: str) -> str:
        # The roles an enterprise may name too (hazard_rules.ELIGIBLE): one the accept and extension
        # routes never let in would leave nobody able to decide.
        unknown = sorted(set(_split(value)) - set(ELIGIBLE))
        if unknown or not _split(value):
            raise ValueError(f"unknown or no roles: {', '.join(unknown)}; roles are " + ", ".join(ELIGIBLE))
        return value

    def entitlements(self) -> Entitlements:
        return Entitlements(frozenset(_split(self.major_acceptors)), frozenset(_split(self.extension_deciders)))

    def imminence(self) -> ImminencePolicy:
        return ImminencePolicy(self.imminent_fraction, timedelta(hours=self.imminent_at_least_h))

    def plan_due(self) -> PlanDuePolicy:
        return PlanDuePolicy(self.plan_due_days)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]

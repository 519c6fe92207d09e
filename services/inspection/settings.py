"""Inspection's own settings (`SK_INSPECTION_*`), beside the shared ones (libs/config.py)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class InspectionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SK_INSPECTION_", env_file=".env", extra="ignore")

    # The coverage report's near-identical tasks: the text similarity (0–1) from which two tasks of
    # different posts count as copied, when the request names none. 0.9 lets a copy with a word or
    # two changed through and keeps two checks of the same equipment with different contents apart.
    coverage_similarity: float = Field(default=0.9, gt=0, le=1)

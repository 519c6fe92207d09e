"""The service's one event registry: both contexts' events, published on one topic
(`shuangkong.risk_registry.events.v1`) that integrators already subscribe to (decision 26)."""

from __future__ import annotations

from libs.events import EventRegistry
from services.risk_registry.directory.domain.events import DIRECTORY_EVENTS
from services.risk_registry.risk_chain.domain.events import RISK_EVENTS

registry = EventRegistry().register_all([*RISK_EVENTS, *DIRECTORY_EVENTS])

"""Transitional: `libs/schemas.py` still finds a service's registry at `services.<name>.domain.events`.
The registry lives in `services/risk_registry/events.py`; delete this module (and the folder) once
the schemas take the registries from the service specs (issue 10, the composition root)."""

from services.risk_registry.events import registry

__all__ = ["registry"]

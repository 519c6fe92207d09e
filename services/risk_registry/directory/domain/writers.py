"""Who may change the enterprise directory (企业基础信息): a rule of the domain, not of routing —
the directory's routes take it, and so does the hand-over of duties (a departing person's duties
are the directory's to move), through `lookups.py`."""

from __future__ import annotations

from libs.auth import Role

DIRECTORY_WRITERS = (Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER, Role.PRINCIPAL)

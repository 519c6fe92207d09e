"""Who may issue which commands of inspection (a rule like any other)."""

from __future__ import annotations

from libs.auth import Role

# Setting a task's cycle decides how often a post is sent to check: the safety management's call.
TASK_WRITERS = (Role.SAFETY_OFFICER, Role.ENTERPRISE_ADMIN)

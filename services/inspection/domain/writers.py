"""Who may issue which commands of inspection (a rule like any other)."""

from __future__ import annotations

from libs.auth import DUTY_ROLES, Role

# Setting a task's cycle decides how often a post is sent to check: the safety management's call.
TASK_WRITERS = (Role.SAFETY_OFFICER, Role.ENTERPRISE_ADMIN)

# A check record is made by whoever was sent to check: a post's workers and team leaders, a
# department head, the 包保 principal/technical/operations heads, the safety officer — every duty
# role. Not the system's own roles: an enterprise admin runs the system, and checks nothing.
RECORD_WRITERS = DUTY_ROLES

# A plan decides which posts are sent to check what, how often: the safety management's call, as a cycle is.
PLAN_WRITERS = (Role.SAFETY_OFFICER, Role.ENTERPRISE_ADMIN)

# The lowest frequency per control level the coverage report holds tasks to: the safety management's
# call, as a task's cycle is.
COVERAGE_RULE_WRITERS = (Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER)

"""Who may do what with alerts (a rule like any other). Beyond the route's gate, acknowledging is
for the people told and the assignees, or an officer (domain/alert.py `is_told`)."""

from __future__ import annotations

from libs.auth import DUTY_ROLES, Role

# Everyone with a duty has an inbox.
READERS = DUTY_ROLES
# Who oversees every alert of the enterprise (GET /alerts, acknowledging on someone's behalf).
OFFICERS = (Role.SAFETY_OFFICER, Role.PRINCIPAL, Role.TECHNICAL_HEAD, Role.OPERATIONS_HEAD, Role.DEPARTMENT_HEAD,
            Role.ENTERPRISE_ADMIN)
# 销警 by default (SK_ALERTING_CLEARERS may name others): the safety management and the heads.
CLEARERS = (Role.SAFETY_OFFICER, Role.PRINCIPAL, Role.TECHNICAL_HEAD, Role.DEPARTMENT_HEAD)
# The escalation policy is the enterprise's to set.
POLICY_WRITERS = (Role.SAFETY_OFFICER, Role.ENTERPRISE_ADMIN)

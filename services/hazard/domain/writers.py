"""Who may call which of hazard governance's commands (a rule like any other). What a person may
do to one hazard beyond that — the acceptor is not its rectifier or reporter, a 重大 hazard's
acceptor holds a configured role, nobody decides their own extension — is domain/duties.py's."""

from __future__ import annotations

from libs.auth import DUTY_ROLES, Role

# 随手拍: any employee, every duty role.
REPORTERS = DUTY_ROLES

# Entering an outside or manual finding, grading it, its plan, voiding it: the safety management
# and the heads who answer for the plant.
OFFICERS = (Role.SAFETY_OFFICER, Role.PRINCIPAL, Role.TECHNICAL_HEAD, Role.OPERATIONS_HEAD, Role.DEPARTMENT_HEAD)

# Rectifying (start, submit, 即查即改, ask for an extension): whoever it was given to, whatever their
# role, and the officers on their behalf; copying: anyone who handles it.
RECTIFIERS = DUTY_ROLES

# Accepting, rejecting and deciding an extension: the officers (domain/duties.py then decides
# whether this one may, for this hazard).
DECIDERS = OFFICERS

# Setting the enterprise's own who-accepts and who-decides (PUT /hazard-rules): as inspection's
# coverage rules, its admin and its safety officer.
RULE_WRITERS = (Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER)

"""The labels beside coded fields in the identity service's answers (libs/labels.py): an account's
kind and state, and the roles, in Chinese."""

from __future__ import annotations

from libs.auth import ROLE_LABELS
from libs.labels import CodeTable, Labeller
from services.identity.domain.codes import KIND_LABELS, STATE_LABELS

ROLES = CodeTable.of("role", "角色", {**{role.value: label for role, label in ROLE_LABELS.items()},
                                     "integrator": "接口调用方"})
LABELLER = Labeller({"kind": CodeTable.of("account_kind", "账号类别", KIND_LABELS),
                     "state": CodeTable.of("account_state", "账号状态", STATE_LABELS), "roles": ROLES})

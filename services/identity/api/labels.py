"""The labels beside coded fields in the identity service's answers (libs/labels.py): an account's
kind and state, and the roles, in Chinese."""

from __future__ import annotations

from libs.auth import ROLE_LABELS
from libs.labels import CodeTable, Labeller
from services.identity.domain.codes import DISABLED_LABELS, KIND_LABELS, SESSION_END_LABELS, STATE_LABELS

ROLES = CodeTable.of("system_role", "系统角色 (令牌中的 roles)", ROLE_LABELS)
ACCOUNT_KIND = CodeTable.of("account_kind", "账号类别", KIND_LABELS)
ACCOUNT_STATE = CodeTable.of("account_state", "账号状态", STATE_LABELS)
SESSION_END = CodeTable.of("session_end", "会话结束原因", {**SESSION_END_LABELS})
DISABLED = CodeTable.of("disabled_because", "停用原因", DISABLED_LABELS)
TABLES = [ACCOUNT_KIND, ACCOUNT_STATE, SESSION_END, DISABLED, ROLES]
LABELLER = Labeller({"kind": ACCOUNT_KIND, "state": ACCOUNT_STATE, "roles": ROLES, "ended": SESSION_END})

"""The identity service's code tables: kinds of account, why a session ended, an account's state."""

from __future__ import annotations

from enum import StrEnum

from libs.labelled_enum import Labelled, give_labels


class AccountKind(Labelled, StrEnum):
    """Who an account belongs to. A person's account follows the directory (its id is the
    person's); an enterprise's administrators and the regulators have accounts of their own."""

    PERSON = "person"  # 企业人员 (from the directory)
    ENTERPRISE_ADMIN = "enterprise_admin"  # 企业管理员 (created by the platform admin)
    REGULATOR = "regulator"  # 监管人员 (created by the platform admin, with a jurisdiction)


class SessionEnd(Labelled, StrEnum):
    """Why a sign-in session ended before its time."""

    SIGNED_OUT = "signed_out"  # 主动退出
    PASSWORD_CHANGED = "password_changed"  # 本人修改密码
    PASSWORD_RESET = "password_reset"  # 管理员重设密码
    LOCKED = "locked"  # 账号被锁定
    DISABLED = "disabled"  # 账号停用 (the person left, the account was closed)
    REFRESH_REUSED = "refresh_reused"  # 刷新令牌被重复使用 (stolen, or two clients at once)


class AccountState(Labelled, StrEnum):
    """What an account's list shows: can it sign in now, and if not, why."""

    NO_PASSWORD = "no_password"  # 未设置密码
    MUST_CHANGE = "must_change"  # 须修改初始密码
    ACTIVE = "active"  # 正常
    LOCKED = "locked"  # 已锁定
    DISABLED = "disabled"  # 已停用


class DisabledBecause(Labelled, StrEnum):
    LEFT = "left"  # 人员离职
    CLOSED = "closed"  # 平台管理员停用


KIND_LABELS = {AccountKind.PERSON: "企业人员", AccountKind.ENTERPRISE_ADMIN: "企业管理员",
               AccountKind.REGULATOR: "监管人员"}
SESSION_END_LABELS = {SessionEnd.SIGNED_OUT: "主动退出", SessionEnd.PASSWORD_CHANGED: "本人修改密码",
                      SessionEnd.PASSWORD_RESET: "管理员重设密码", SessionEnd.LOCKED: "账号被锁定",
                      SessionEnd.DISABLED: "账号停用", SessionEnd.REFRESH_REUSED: "刷新令牌被重复使用"}
STATE_LABELS = {AccountState.NO_PASSWORD: "未设置密码", AccountState.MUST_CHANGE: "须修改初始密码",
                AccountState.ACTIVE: "正常", AccountState.LOCKED: "已锁定", AccountState.DISABLED: "已停用"}
DISABLED_LABELS = {DisabledBecause.LEFT: "人员离职", DisabledBecause.CLOSED: "平台管理员停用"}

for _enum, _labels in ((AccountKind, KIND_LABELS), (SessionEnd, SESSION_END_LABELS), (AccountState, STATE_LABELS),
                       (DisabledBecause, DISABLED_LABELS)):
    give_labels(_enum, _labels)

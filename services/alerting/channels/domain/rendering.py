"""The Chinese text of an alert's message, one per alert and level.

The title says what (临期/超期 and of what), how far up the ladder it has climbed and the cause;
the body gives the deadline in Beijing time, how soon or how overdue, and the link to act on it.
Every title starts with 【双控提醒】: a DingTalk robot secured by 自定义关键词 is configured with
that keyword, and it tells a reader in a busy group chat where the message comes from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from libs.clock import CHINA_TIME

KEYWORD = "双控提醒"


class AlertKind(StrEnum):
    TASK_IMMINENT = "task_imminent"
    TASK_OVERDUE = "task_overdue"
    HAZARD_IMMINENT = "hazard_imminent"
    HAZARD_OVERDUE = "hazard_overdue"
    MAJOR_HAZARD_UNSECURED = "major_hazard_unsecured"


ALERT_KIND_LABELS = {
    AlertKind.TASK_IMMINENT: "排查任务临期",
    AlertKind.TASK_OVERDUE: "排查任务超期未排查",
    AlertKind.HAZARD_IMMINENT: "隐患整改临期",
    AlertKind.HAZARD_OVERDUE: "隐患超期未整改",
    AlertKind.MAJOR_HAZARD_UNSECURED: "重大隐患“五落实”未到位",
}
OVERDUE_KINDS = {AlertKind.TASK_OVERDUE, AlertKind.HAZARD_OVERDUE, AlertKind.MAJOR_HAZARD_UNSECURED}


class Level(IntEnum):
    """The ladder: post → team → department → company principal."""

    ASSIGNEE = 1
    TEAM = 2
    DEPARTMENT = 3
    PRINCIPAL = 4


LEVEL_LABELS = {Level.ASSIGNEE: "责任人", Level.TEAM: "班组长", Level.DEPARTMENT: "部门负责人",
                Level.PRINCIPAL: "主要负责人"}


@dataclass(frozen=True)
class AlertNotice:
    """What the message is about. `kind_label` names a kind added by configuration (an expiring
    certificate, a sensor alarm) that AlertKind does not list."""

    alert_id: str
    kind: AlertKind | None
    level: Level
    cause: str  # the task's or the hazard's name
    deadline: datetime
    link_path: str
    occurrence: str | None = None  # which occurrence of a task, e.g. its window "12月3日 白班"
    major_hazard: bool = False
    kind_label: str | None = None
    overdue_kind: bool | None = None  # for a configured kind: is it an 超期 one?

    @property
    def label(self) -> str:
        if self.kind_label:
            return self.kind_label
        if self.kind is None:
            raise ValueError("an alert notice needs a kind or a kind_label")
        return ALERT_KIND_LABELS[self.kind]

    @property
    def overdue(self) -> bool:
        if self.overdue_kind is not None:
            return self.overdue_kind
        return self.kind in OVERDUE_KINDS

    @property
    def major_hazard_overdue(self) -> bool:
        """The one case quiet hours never hold back."""
        return self.major_hazard and self.kind in {AlertKind.HAZARD_OVERDUE, AlertKind.MAJOR_HAZARD_UNSECURED}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    markdown: str
    link: str


def span(delta: timedelta) -> str:
    """A duration as a person says it: 2天3小时, 5小时20分钟, 不足1分钟."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{mins}分钟" if mins else f"{hours}小时"
    return f"{mins}分钟" if mins else "不足1分钟"


def _when(at: datetime) -> str:
    return at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def render(notice: AlertNotice, now: datetime, base_url: str = "") -> Rendered:
    level = f"第{int(notice.level)}级提醒·{LEVEL_LABELS[notice.level]}"
    major = "【重大】" if notice.major_hazard else ""
    subject = f"【{KEYWORD}】{major}{notice.label}（{level}）：{notice.cause}"
    cause = notice.cause if notice.occurrence is None else f"{notice.cause}（{notice.occurrence}）"
    if now >= notice.deadline:
        timing = f"已超期 {span(now - notice.deadline)}"
    else:
        timing = f"距截止还有 {span(notice.deadline - now)}"
    link = base_url.rstrip("/") + notice.link_path
    lines = [f"事由：{cause}", f"截止时间：{_when(notice.deadline)}（北京时间）", timing,
             "请及时处置并在系统中登记处置情况。"]
    text = "\n".join([subject, *lines, f"处理入口：{link}"])
    markdown = "\n\n".join([f"### {subject}", *(f"- {line}" for line in lines[:3]), lines[3],
                            f"[进入系统处置]({link})"])
    return Rendered(subject, text, markdown, link)


def truncate_utf8(text: str, limit: int, marker: str = "…") -> str:
    """At most `limit` bytes of UTF-8, cut at a character boundary (WeCom counts bytes: 2048 for
    text, 4096 for markdown)."""
    data = text.encode()
    if len(data) <= limit:
        return text
    room = limit - len(marker.encode())
    return data[:room].decode("utf-8", errors="ignore") + marker

"""Official code tables of inspection (隐患排查), DOMAIN.md §4 and GOV-INTERFACE.md entities 4–5.
Values are the platforms' codes; labels their Chinese names. A platform that codes a table
differently (one app writes workDayType 1 工作日 / 2 非工作日 / 3 每天) is mapped by its sync adapter."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from libs.labelled_enum import Labelled


class PlanKind(Labelled, IntEnum):
    """排查计划类型; the same codes are the hazard's `dangerSrc` 1–8 (9 管控措施失效 and 10 其他
    belong to hazards only, no plan has them)."""

    ROUTINE = 1  # 日常排查
    COMPREHENSIVE = 2  # 综合性排查
    SPECIALIST = 3  # 专业性排查
    SEASONAL = 4  # 季节性排查
    KEY_PERIOD_HOLIDAY = 5  # 重点时段及节假日前排查
    ACCIDENT_ANALOGY = 6  # 事故类比排查
    BEFORE_RESUMPTION = 7  # 复产复工前排查
    EXTERNAL_EXPERT = 8  # 外聘专家诊断式排查

    @property
    def label(self) -> str:
        return PLAN_KIND_LABELS[self]


PLAN_KIND_LABELS = dict(zip(PlanKind, ("日常排查", "综合性排查", "专业性排查", "季节性排查", "重点时段及节假日前排查",
                                       "事故类比排查", "复产复工前排查", "外聘专家诊断式排查"), strict=True))


class CheckCycleUnit(Labelled, StrEnum):
    """checkCycleUnit: the platforms send the Chinese word itself (free text on the park receiver)."""

    HOUR = "小时"
    DAY = "天"
    MONTH = "月"
    YEAR = "年"


CHECK_CYCLE_UNIT_LABELS = {unit: unit.value for unit in CheckCycleUnit}


class WorkDayType(Labelled, IntEnum):
    """workDayType: on which days a cycle yields occurrences (the statutory calendar with 调休)."""

    EVERY_DAY = 0
    WORKING_DAYS = 1  # 法定工作日
    NON_WORKING_DAYS = 2  # 法定节假日及休息日

    @property
    def label(self) -> str:
        return WORK_DAY_TYPE_LABELS[self]


WORK_DAY_TYPE_LABELS = {WorkDayType.EVERY_DAY: "每天", WorkDayType.WORKING_DAYS: "法定工作日",
                        WorkDayType.NON_WORKING_DAYS: "非工作日"}


class WorkType(Labelled, IntEnum):
    """workType: 0 日常 or the 包保责任人 of a 重大危险源 whose task it is (1–3)."""

    ROUTINE = 0
    PRINCIPAL = 1  # 主要负责人
    TECHNICAL = 2  # 技术负责人
    OPERATIONAL = 3  # 操作负责人

    @property
    def label(self) -> str:
        return WORK_TYPE_LABELS[self]

    @property
    def task_nums(self) -> range | None:
        """The item numbers of the national 包保 task list for this role; None for 日常."""
        return TASK_NUMS.get(self)


WORK_TYPE_LABELS = {WorkType.ROUTINE: "日常", WorkType.PRINCIPAL: "主要负责人", WorkType.TECHNICAL: "技术负责人",
                    WorkType.OPERATIONAL: "操作负责人"}
# The national 包保 list: nine items each for the principal and technical heads, ten for the operator.
TASK_NUMS = {WorkType.PRINCIPAL: range(1, 10), WorkType.TECHNICAL: range(1, 10), WorkType.OPERATIONAL: range(1, 11)}
# The items are labelled by number only: the platform's 包保履职任务清单 (its item titles) was not found
# in an authoritative text, and the 办法 (应急厅〔2021〕12号) lists duties, not these items (decision 47).
TASK_NUM_LABELS = {n: f"第{n}项" for n in range(1, 11)}


class CheckStatus(Labelled, IntEnum):
    """checkStatus of a check record (排查记录)."""

    NORMAL = 0
    HAZARD_FOUND = 1  # 存在隐患
    NOT_CHECKED = 2  # 未排查
    OTHER = 3

    @property
    def label(self) -> str:
        return CHECK_STATUS_LABELS[self]


CHECK_STATUS_LABELS = {CheckStatus.NORMAL: "正常", CheckStatus.HAZARD_FOUND: "存在隐患",
                       CheckStatus.NOT_CHECKED: "未排查", CheckStatus.OTHER: "其他"}


class OccurrenceState(Labelled, StrEnum):
    """Where one occurrence of a task is: issued to its assignees (待排查), 临期 when little of its
    window is left, completed by a check record, or 超期未排查 when the window closed without one."""

    ISSUED = "issued"
    IMMINENT = "imminent"
    COMPLETED = "completed"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return OCCURRENCE_STATE_LABELS[self]

    @property
    def open(self) -> bool:
        return self in (OccurrenceState.ISSUED, OccurrenceState.IMMINENT)

    def may_become(self, state: OccurrenceState) -> bool:
        """The lifecycle only moves forward: issued → 临期 → completed or missed; a closed one stays."""
        return state in _NEXT_STATES[self]


OCCURRENCE_STATE_LABELS = {OccurrenceState.ISSUED: "待排查", OccurrenceState.IMMINENT: "临期",
                           OccurrenceState.COMPLETED: "已排查", OccurrenceState.MISSED: "超期未排查"}
_NEXT_STATES = {
    OccurrenceState.ISSUED: {OccurrenceState.IMMINENT, OccurrenceState.COMPLETED, OccurrenceState.MISSED},
    OccurrenceState.IMMINENT: {OccurrenceState.COMPLETED, OccurrenceState.MISSED},
    OccurrenceState.COMPLETED: set(), OccurrenceState.MISSED: set()}


class TaskState(Labelled, StrEnum):
    """Where a check task (排查任务) stands: drawn up without a cycle yet, running on its cycle, or
    retired (its measure retired, or no longer controlled by inspection)."""

    UNSCHEDULED = "unscheduled"
    SCHEDULED = "scheduled"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return TASK_STATE_LABELS[self]


TASK_STATE_LABELS = {TaskState.UNSCHEDULED: "未设置周期", TaskState.SCHEDULED: "执行中", TaskState.RETIRED: "已停用"}


class TaskRetiredBecause(Labelled, StrEnum):
    """Why a check task was retired: the two ways its control measure stops asking for checks."""

    MEASURE_RETIRED = "measure_retired"
    NOT_INSPECTED = "not_inspected"  # the measure's dataSrc is no longer 2 隐患排查

    @property
    def label(self) -> str:
        return TASK_RETIRED_LABELS[self]


TASK_RETIRED_LABELS = {TaskRetiredBecause.MEASURE_RETIRED: "管控措施已停用",
                       TaskRetiredBecause.NOT_INSPECTED: "管控方式不再是隐患排查"}


class RetiredBecause(Labelled, StrEnum):
    """Why a check task is retired as the task and its read model say it: a measure's two reasons
    (TaskRetiredBecause, what CheckTaskRetired carries: its v1 schema stays), or its plan retired
    (PlanTaskRetired)."""

    MEASURE_RETIRED = "measure_retired"
    NOT_INSPECTED = "not_inspected"
    PLAN_RETIRED = "plan_retired"
    GUARDIAN_WITHDRAWN = "guardian_withdrawn"  # a 包保 task withdrawn by the enterprise
    OBJECT_RETIRED = "object_retired"  # its 重大危险源 retired in the registry

    @classmethod
    def of(cls, reason: TaskRetiredBecause) -> RetiredBecause:
        return cls(reason.value)

    @property
    def label(self) -> str:
        return RETIRED_LABELS[self]


RETIRED_LABELS = {**{RetiredBecause(k.value): v for k, v in TASK_RETIRED_LABELS.items()},
                  RetiredBecause.PLAN_RETIRED: "排查计划已废止", RetiredBecause.GUARDIAN_WITHDRAWN: "包保任务已撤销",
                  RetiredBecause.OBJECT_RETIRED: "重大危险源已停用"}


class GuardianRetiredBecause(Labelled, StrEnum):
    """Why a 包保 task was retired (GuardianTaskRetired carries it): withdrawn by the enterprise, or
    its 重大危险源 retired in the registry. Values shared with RetiredBecause, as the read model says it."""

    WITHDRAWN = "guardian_withdrawn"
    OBJECT_RETIRED = "object_retired"

    @property
    def label(self) -> str:
        return RETIRED_LABELS[RetiredBecause(self.value)]

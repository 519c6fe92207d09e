"""The 包保 roster of one 重大危险源 (one stream per object): who the registry names for each role,
and the facts that must be ordered against a change of them — a 包保 task drawn up, a catch-up
issuing a task's occurrences. A hand-over, a draw-up and an issuing each append to this stream, so
the store's version check orders them: the loser (ConcurrencyError) decides again and then sees the
other's effect. Without it a draw-up read a lagging replica and a catch-up a task about to be handed
over, and either left work with the previous guardian (decision 47).

Which 包保 tasks are live stays the tasks' own streams' business (the hand-over finds them by their
28 ids, tasks drawn up before the roster existed too); the roster only has to be on every path."""

from __future__ import annotations

from collections.abc import Sequence

from libs.aggregate import Aggregate, DomainConflict
from services.inspection.domain import guardian_events as ev
from services.inspection.domain.codes import WorkType
from services.inspection.domain.guardian_task import Duty, Guardians


def guardians_unknown(object_id: str) -> DomainConflict:
    return DomainConflict(f"尚未获知 {object_id} 的包保责任人：它不是本企业已指定包保责任人的重大危险源，"
                          "或风险辨识登记尚未同步到隐患排查（请稍后重试）", field="object_id", code="guardians_unknown")


def object_retired() -> DomainConflict:
    return DomainConflict("该重大危险源已停用，不能制定包保任务", field="object_id", code="object_retired")


class GuardianRoster(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)  # the 重大危险源's id
        self.enterprise_id = ""
        self.guardians: Guardians | None = None  # None: none named yet, as far as the roster knows
        self.retired = False

    def knows_guardians_of(self, enterprise_id: str) -> bool:
        return self.guardians is not None and self.enterprise_id == enterprise_id

    def name(self, guardians: Guardians, handed_over: Sequence[str] = ()) -> None:
        """The registry names `guardians` (or the replica has them, when a draw-up finds the roster
        without any). The same people again change nothing — unless the reaction moved tasks or
        occurrences all the same (`handed_over`, healing an earlier race): then it is recorded, so a
        catch-up deciding on the roster meanwhile loses and decides again."""
        same = self.guardians is not None and _people(self.guardians) == _people(guardians)
        if same and not handed_over:
            return
        self._record(ev.GuardiansRostered(
            object_id=self.id, enterprise_id=guardians.enterprise_id, principal_id=guardians.principal_id,
            technical_id=guardians.technical_id, operations_id=guardians.operations_id,
            handed_over=list(handed_over)))

    def holder_for(self, enterprise_id: str, duty: Duty) -> str:
        """Who a task drawn up now for `duty` is held by; 409 naming object_id when nobody is known
        (another enterprise's object is unknown here too) or the object is retired."""
        if self.enterprise_id and self.enterprise_id != enterprise_id:
            raise guardians_unknown(duty.object_id)
        if self.retired:
            raise object_retired()
        if self.guardians is None:
            raise guardians_unknown(duty.object_id)
        holder = self.guardians.of_role(duty.work_type)
        if not holder:
            raise DomainConflict(f"该重大危险源尚未指定{duty.work_type.label}", field="object_id",
                                 code="guardians_unknown")
        return holder

    def drawn_up(self, duty: Duty, holder: str) -> None:
        self._record(ev.GuardianTaskRostered(object_id=self.id, enterprise_id=self.enterprise_id,
                                             task_id=duty.task_id, work_type=duty.work_type,
                                             task_num=duty.task_num, person_id=holder))

    def issuing_to(self, role: WorkType, holder: str) -> str:
        """Who a catch-up issues a task of `role` to: the roster's guardian of the role — what a
        hand-over committed with the roster — or, none named here, the task's `holder`."""
        named = self.guardians.of_role(role) if self.guardians is not None else None
        return named or holder

    def issued(self, enterprise_id: str, task_id: str, person_id: str, occurrence_ids: Sequence[str]) -> None:
        if occurrence_ids:
            self._record(ev.GuardianOccurrencesRostered(
                object_id=self.id, enterprise_id=self.enterprise_id or enterprise_id, task_id=task_id,
                person_id=person_id, occurrence_ids=list(occurrence_ids)))

    def retire(self, enterprise_id: str) -> None:
        if not self.retired:
            self._record(ev.GuardianRosterRetired(object_id=self.id,
                                                  enterprise_id=self.enterprise_id or enterprise_id))

    def when_GuardiansRostered(self, e: ev.GuardiansRostered) -> None:
        self.enterprise_id = e.enterprise_id
        self.guardians = Guardians(self.id, e.enterprise_id, e.principal_id, e.technical_id, e.operations_id)

    def when_GuardianTaskRostered(self, e: ev.GuardianTaskRostered) -> None:
        self.enterprise_id = self.enterprise_id or e.enterprise_id

    def when_GuardianOccurrencesRostered(self, e: ev.GuardianOccurrencesRostered) -> None:
        self.enterprise_id = self.enterprise_id or e.enterprise_id

    def when_GuardianRosterRetired(self, e: ev.GuardianRosterRetired) -> None:
        self.enterprise_id, self.retired = self.enterprise_id or e.enterprise_id, True


def _people(g: Guardians) -> tuple[str | None, str | None, str | None]:
    return g.principal_id, g.technical_id, g.operations_id

"""Who may record a check of an occurrence, on fakes: a person of another post is refused (403
naming occurrence_id) and nothing is written; a person on the occurrence's post, or named in it,
records; a person the replica has not seen yet is told to try again (409 not_replicated, never a
500); one who left is refused; a safety officer records for an assignee only when naming them, and
the record keeps both; nobody else may; a record already kept is answered again after its reporter
moved post."""

from __future__ import annotations

from datetime import timedelta

import pytest

from libs.errors import Conflict, Forbidden
from libs.repository import CommandContext
from services.inspection.application import records as h
from services.inspection.domain.codes import OccurrenceState
from services.inspection.domain.occurrence import Occurrence
from tests.unit.inspection.application.flows import T0, defined, wired
from tests.unit.inspection.application.test_records import SYSTEM, TASK, WINDOW, a_record, events_of


def ctx(person: str) -> CommandContext:
    return CommandContext(person, "ent-1", f"corr-{person}")


async def a_plant(posts=("post-1",), people=()):
    w, reactor = wired()  # worker-1 and leader-1 are on post-1
    await reactor.apply(None, defined())
    directory = w.my_tasks.directory
    directory.person("ent-1", "stranger-1", "post-2")
    directory.person("ent-1", "gone-1", "post-1", left=True)
    directory.person("ent-1", "officer-1", "post-9")
    occurrence = Occurrence.issue(enterprise_id="ent-1", task_id=TASK, window=WINDOW, post_ids=list(posts),
                                  person_ids=list(people), at=WINDOW.start)
    await w.check_records.occurrences.save(occurrence, SYSTEM)
    w.clock.set(T0 + timedelta(hours=1))
    return w, occurrence.id


async def test_a_person_of_another_post_is_refused_naming_the_occurrence_and_nothing_is_written():
    w, occurrence_id = await a_plant()
    for person in ("stranger-1", "gone-1"):
        with pytest.raises(Forbidden) as refused:
            await h.record_check(a_record(occurrence_id), w.check_records, ctx(person))
        assert refused.value.field == "occurrence_id" and occurrence_id in refused.value.message
    assert await events_of(w, w.check_records.occurrences.stream_id(occurrence_id)) == ["OccurrenceIssued"]
    made = await h.record_check(a_record(occurrence_id), w.check_records, ctx("worker-1"))
    assert (await w.check_records.queries.record("ent-1", made))["reporter_id"] == "worker-1"


async def test_a_person_named_in_the_occurrence_records_without_the_replica_knowing_them():
    w, occurrence_id = await a_plant(posts=(), people=("guardian-1",))
    made = await h.record_check(a_record(occurrence_id), w.check_records, ctx("guardian-1"))
    row = await w.check_records.queries.record("ent-1", made)
    assert (row["reporter_id"], row["recorded_by"]) == ("guardian-1", None)
    with pytest.raises(Forbidden):  # the post's people were not sent: it was issued to a person only
        await h.record_check(a_record(occurrence_id), w.check_records, ctx("worker-1"))


async def test_a_person_the_replica_has_not_seen_is_told_to_try_again():
    w, occurrence_id = await a_plant()
    with pytest.raises(Conflict) as later:
        await h.record_check(a_record(occurrence_id), w.check_records, ctx("new-1"))
    assert (later.value.status, later.value.code, later.value.headers) == (409, "not_replicated",
                                                                           {"Retry-After": "5"})
    assert "稍候再试" in later.value.message
    w.my_tasks.directory.person("ent-1", "new-1", "post-1")  # the registry's event arrived
    assert await h.record_check(a_record(occurrence_id), w.check_records, ctx("new-1"))


async def test_an_officer_records_for_an_assignee_only_by_naming_them_and_both_are_kept():
    w, occurrence_id = await a_plant()
    with pytest.raises(Forbidden) as own:  # the officer's own post was not sent
        await h.record_check(a_record(occurrence_id), w.check_records, ctx("officer-1"), may_act_for_others=True)
    assert own.value.field == "occurrence_id"
    with pytest.raises(Forbidden) as stranger:  # for someone not sent either
        await h.record_check(a_record(occurrence_id, on_behalf_of="stranger-1"), w.check_records, ctx("officer-1"),
                             may_act_for_others=True)
    assert stranger.value.field == "occurrence_id"
    with pytest.raises(Forbidden) as colleague:  # a worker may not record for another
        await h.record_check(a_record(occurrence_id, on_behalf_of="worker-1"), w.check_records, ctx("leader-1"))
    assert colleague.value.field == "on_behalf_of"
    with pytest.raises(Conflict) as unknown:
        await h.record_check(a_record(occurrence_id, on_behalf_of="new-1"), w.check_records, ctx("officer-1"),
                             may_act_for_others=True)
    assert (unknown.value.code, unknown.value.field) == ("not_replicated", "on_behalf_of")
    made = await h.record_check(a_record(occurrence_id, on_behalf_of="worker-1"), w.check_records, ctx("officer-1"),
                                may_act_for_others=True)
    row = await w.check_records.queries.record("ent-1", made)
    assert (row["reporter_id"], row["recorded_by"]) == ("worker-1", "officer-1")
    [recorded, *_] = await w.store.load(w.check_records.records.stream_id(made))
    assert (recorded.data["reporter_id"], recorded.data["recorded_by"], recorded.metadata["actor"]) == (
        "worker-1", "officer-1", "officer-1")
    assert (await w.check_records.occurrences.get(occurrence_id)).state is OccurrenceState.COMPLETED


async def test_a_record_already_kept_is_answered_again_after_its_reporter_moved_post():
    w, occurrence_id = await a_plant()
    cmd = a_record(occurrence_id)
    made = await h.record_check(cmd, w.check_records, ctx("worker-1"))
    w.my_tasks.directory.person("ent-1", "worker-1", "post-2")  # moved since
    assert await h.record_check(cmd, w.check_records, ctx("worker-1")) == made
    with pytest.raises(Forbidden):  # a new record of theirs for the old post's occurrence is refused
        await h.record_check(a_record(occurrence_id), w.check_records, ctx("worker-1"))

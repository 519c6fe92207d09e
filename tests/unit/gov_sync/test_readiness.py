"""The readiness report, pure: parent first, a refused record's children wait, a park deletion is
not sent, and the content hash against the ledger says what the sender would do."""

from __future__ import annotations

from dataclasses import replace

from services.gov_sync.domain.content_hash import content_hash
from services.gov_sync.domain.dialects import PARK, UPLOADER
from services.gov_sync.domain.readiness import Readiness, WouldSend, assess
from services.gov_sync.domain.snapshots import Entity
from tests.unit.gov_sync.builders import CHAIN, ENTERPRISE, MEASURE_ID, UNIT_ID, measure, risk_event, sent, unit

ALL = list(Entity)


def states(report) -> list[tuple[Entity, Readiness]]:
    return [(r.entity, r.state) for r in report.records]


def test_a_complete_chain_is_ready_and_never_sent_in_parent_first_order():
    report = assess(reversed(CHAIN), PARK, ENTERPRISE, {}, ALL)
    assert states(report) == [(e, Readiness.READY) for e in Entity]
    assert {r.would_send for r in report.records} == {WouldSend.NEVER_SENT}
    assert report.counts()[Entity.HAZARD][Readiness.READY] == 1


def test_a_refused_parent_keeps_its_descendants_waiting_and_says_why():
    report = assess([unit(liable_person="长" * 21), risk_event(), measure()], PARK, ENTERPRISE, {}, ALL)
    assert states(report) == [(Entity.RISK_UNIT, Readiness.REFUSED), (Entity.RISK_EVENT, Readiness.WAITING_FOR_PARENT),
                              (Entity.CONTROL_MEASURE, Readiness.WAITING_FOR_PARENT)]
    refused = report.records[0]
    assert [(v.field, v.reason) for v in refused.violations] == [
        ("hazardLiablePerson", "责任人不能超过20个字符（现为21个）")]
    assert report.records[1].reason == f"上级记录（{UNIT_ID}）尚不能报送" and report.records[1].would_send is None


def test_a_parent_the_target_does_not_take_is_not_waited_for():
    report = assess([unit(liable_person="长" * 21), risk_event()], PARK, ENTERPRISE, {}, [Entity.RISK_EVENT])
    assert states(report) == [(Entity.RISK_EVENT, Readiness.READY)]


def test_a_retirement_is_not_sent_to_the_park_but_is_to_the_uploader():
    gone = measure(deleted=True)
    park = assess([unit(), risk_event(), gone], PARK, ENTERPRISE, {}, ALL).records[2]
    assert park.state is Readiness.NOT_SENT and park.reason
    uploader = assess([unit(), risk_event(), gone], UPLOADER, ENTERPRISE, {}, ALL).records[2]
    assert uploader.state is Readiness.READY and sent(UPLOADER, gone)["deleted"] == "1"


def test_the_ledger_hash_says_unchanged_or_changed():
    acked = {(Entity.CONTROL_MEASURE, MEASURE_ID): content_hash(sent(PARK, measure()))}
    same = assess([unit(), risk_event(), measure()], PARK, ENTERPRISE, acked, ALL).records[2]
    assert (same.would_send, same.content_hash) == (WouldSend.UNCHANGED, acked[(Entity.CONTROL_MEASURE, MEASURE_ID)])
    revised = replace(measure(), description="液位高高联锁切断进料")
    assert assess([unit(), risk_event(), revised], PARK, ENTERPRISE, acked, ALL).records[2].would_send \
        is WouldSend.CHANGED

"""Version and pending-event bookkeeping of an aggregate, shown on the enterprise."""

from __future__ import annotations

import pytest

from services.risk_registry.directory.domain import events as ev
from services.risk_registry.directory.domain.model import Enterprise, OrgUnit
from tests.unit.risk_registry.builders import enterprise


def test_new_aggregate_holds_its_events_as_pending_at_version_zero():
    ent = enterprise()
    assert ent.version == 0
    assert [type(e) for e in ent.pending()] == [ev.EnterpriseRegistered]
    assert not ent.is_new


def test_saving_moves_pending_events_into_the_version():
    ent = enterprise()
    ent.rename("新名称")
    ent.mark_saved()
    assert (ent.version, ent.pending()) == (2, [])
    ent.rename("再改名")
    assert ent.version == 2 and len(ent.pending()) == 1


def test_pending_is_a_copy_the_caller_cannot_corrupt():
    ent = enterprise()
    ent.pending().clear()
    assert len(ent.pending()) == 1


def test_rehydrated_aggregate_is_at_the_version_of_its_history_with_nothing_pending():
    history = enterprise().pending()
    rebuilt = Enterprise.rehydrate("ent-1", history)
    assert (rebuilt.version, rebuilt.pending(), rebuilt.is_new) == (1, [], False)


def test_an_empty_aggregate_is_new():
    assert Enterprise("ent-1").is_new


def test_an_aggregate_refuses_an_event_it_has_no_handler_for():
    with pytest.raises(TypeError):
        OrgUnit.rehydrate("u-1", enterprise().pending())

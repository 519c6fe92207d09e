"""A session's refresh tokens rotate: each refresh spends the current generation and issues the
next; an earlier generation coming back revokes the whole session (OAuth 2.0 Security BCP);
a session that ended or expired refreshes nothing."""

from __future__ import annotations

from datetime import timedelta

from services.identity.domain import events as ev
from services.identity.domain.codes import SessionEnd
from services.identity.domain.session import Refresh, Session
from tests.unit.identity.builders import ADDRESS, T0, minutes


def started() -> Session:
    session = Session.start("s-1", "p-1", "ent-1", at=T0, expires_at=T0 + timedelta(days=14), address=ADDRESS)
    session.mark_saved()
    return session


def test_each_refresh_spends_the_current_generation_and_issues_the_next():
    session = started()
    assert session.refresh(1, T0 + minutes(15)) is Refresh.ROTATED
    assert session.refresh(2, T0 + minutes(30)) is Refresh.ROTATED
    assert [e.generation for e in session.pending()] == [2, 3]
    assert session.generation == 3


def test_an_earlier_generation_coming_back_revokes_the_session():
    session = started()
    session.refresh(1, T0 + minutes(15))
    session.mark_saved()
    assert session.refresh(1, T0 + minutes(16)) is Refresh.REUSED
    assert session.pending() == [ev.SessionRevoked(session_id="s-1", account_id="p-1", enterprise_id="ent-1",
                                                   reason=SessionEnd.REFRESH_REUSED, at=T0 + minutes(16))]
    assert session.refresh(2, T0 + minutes(17)) is Refresh.ENDED, "the thief's fresh token is dead too"


def test_a_signed_out_session_refreshes_nothing_and_signs_out_once():
    session = started()
    session.sign_out(T0 + minutes(1))
    session.sign_out(T0 + minutes(2))
    assert [type(e) for e in session.pending()] == [ev.SignedOut]
    assert session.refresh(1, T0 + minutes(3)) is Refresh.ENDED


def test_an_expired_session_refreshes_nothing_and_is_not_revoked():
    session = started()
    expired = T0 + timedelta(days=14)
    assert session.refresh(1, expired) is Refresh.ENDED
    session.revoke(SessionEnd.PASSWORD_CHANGED, expired)
    assert session.pending() == []
    assert session.active(expired - minutes(1))

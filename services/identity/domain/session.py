"""A sign-in session: the chain of refresh tokens one sign-in hands out, one at a time.

Each refresh spends the token of the current generation and issues the next (rotation). A token
of an earlier generation coming back means two parties hold the chain — a thief and its owner —
and nobody can tell which is which, so the whole session is revoked (OAuth 2.0 Security BCP,
RFC 9700 §4.14.2). The tokens themselves are not here: their hashes are kept beside the log,
each with its generation.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from libs.aggregate import Aggregate
from services.identity.domain import events as e
from services.identity.domain.codes import SessionEnd


class Refresh(StrEnum):
    ROTATED = "rotated"  # the next generation was issued
    REUSED = "reused"  # an earlier generation: the session is revoked now
    ENDED = "ended"  # signed out, revoked or expired: nothing to do


class Session(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.account_id = ""
        self.enterprise_id: str | None = None
        self.expires_at: datetime | None = None
        self.generation = 0
        self.ended: SessionEnd | None = None

    @classmethod
    def start(cls, session_id: str, account_id: str, enterprise_id: str | None, *, at: datetime,
              expires_at: datetime, address: str) -> Session:
        session = cls(session_id)
        session._record(e.SessionStarted(session_id=session_id, account_id=account_id, enterprise_id=enterprise_id,
                                         address=address, at=at, expires_at=expires_at))
        return session

    def active(self, at: datetime) -> bool:
        return self.ended is None and self.expires_at is not None and at < self.expires_at

    def refresh(self, generation: int, at: datetime) -> Refresh:
        """Spend the refresh token of `generation`."""
        if not self.active(at):
            return Refresh.ENDED
        if generation != self.generation:
            self.revoke(SessionEnd.REFRESH_REUSED, at)
            return Refresh.REUSED
        self._record(e.SessionRefreshed(session_id=self.id, enterprise_id=self.enterprise_id,
                                        generation=self.generation + 1, at=at))
        return Refresh.ROTATED

    def sign_out(self, at: datetime) -> None:
        if self.active(at):
            self._record(e.SignedOut(session_id=self.id, account_id=self.account_id,
                                     enterprise_id=self.enterprise_id, at=at))

    def revoke(self, reason: SessionEnd, at: datetime) -> None:
        """End it now, unless it has ended (an expired session is not revoked: it is over)."""
        if self.active(at):
            self._record(e.SessionRevoked(session_id=self.id, account_id=self.account_id,
                                          enterprise_id=self.enterprise_id, reason=reason, at=at))

    def when_SessionStarted(self, ev: e.SessionStarted) -> None:
        self.account_id, self.enterprise_id, self.expires_at = ev.account_id, ev.enterprise_id, ev.expires_at
        self.generation = 1

    def when_SessionRefreshed(self, ev: e.SessionRefreshed) -> None:
        self.generation = ev.generation

    def when_SignedOut(self, ev: e.SignedOut) -> None:
        self.ended = SessionEnd.SIGNED_OUT

    def when_SessionRevoked(self, ev: e.SessionRevoked) -> None:
        self.ended = ev.reason

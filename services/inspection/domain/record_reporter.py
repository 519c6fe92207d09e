"""Who may make a check record of an occurrence (排查记录): one of the people it was sent to — on one
of its posts, or named in it (a plan task's people, a 包保 guardian). A record is a person's word that
they checked; from someone not sent, it is no check of this occurrence at all.

A safety officer (安全管理员) may record for an assignee who checked without a phone (a paper round
entered afterwards): explicitly, naming them (`on_behalf_of`), and kept — the record's reporter is
the assignee, `recorded_by` the officer. Nobody else records for another (decision 49)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from libs.auth.roles import Role

# Who may record for another: the safety management, who keeps the rounds' paper when a phone is
# missing. Not the enterprise admin: not a record writer at all (decision 43), it runs the system.
ON_BEHALF_WRITERS = (Role.SAFETY_OFFICER,)


@dataclass(frozen=True)
class Assignees:
    """Whom an occurrence was issued to, as it was issued (its post ids and person ids)."""

    post_ids: Collection[str]
    person_ids: Collection[str]

    def include(self, person_id: str, post_id: str | None) -> bool:
        return person_id in self.person_ids or (post_id is not None and post_id in self.post_ids)


@dataclass(frozen=True)
class Reporter:
    """Whose check a record is, and who sent it: the same person, or an officer on their behalf."""

    person_id: str
    recorded_by: str | None = None  # the officer who entered it for `person_id`; None: the person did

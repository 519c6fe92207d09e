"""Tables a service keeps beside its log that are not a view of it — secrets' hashes, throttling
windows: written with the appends (on the unit of work's transaction) but from what no event
carries, so replaying the log cannot make them again. A rebuild keeps them where they are, like
the event store's own tables and the deadlines (libs/read_model.py).

A migration marks such a table with `keep_on_rebuild(op, "passwords")`: a comment on the table,
read by `libs/read_model.py`, so the mark lives with the table and no list names it.
"""

from __future__ import annotations

MARK = "shuangkong: service state, kept by a rebuild"


def keep_on_rebuild(op, *tables: str) -> None:
    """In an Alembic migration: these tables of the service's schema are its own state."""
    for table in tables:
        op.execute(f"COMMENT ON TABLE \"{table}\" IS '{MARK}'")

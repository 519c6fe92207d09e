"""Read model of inspection: one row per occurrence of a check task (inline).

Revision ID: 0004
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE occurrences (
            id                          text PRIMARY KEY,
            enterprise_id               text NOT NULL,
            task_id                     text NOT NULL,
            post_ids                    text[] NOT NULL,
            person_ids                  text[] NOT NULL,
            window_start                timestamptz NOT NULL,
            window_end                  timestamptz NOT NULL,
            state                       text NOT NULL,
            imminent_at                 timestamptz,
            planned_on_assumed_calendar boolean NOT NULL,
            never_issued                boolean NOT NULL,
            record_id                   text,
            records_after_miss          text[] NOT NULL,
            created_at                  timestamptz NOT NULL,
            updated_at                  timestamptz NOT NULL,
            version                     integer NOT NULL
        )""")
    # The list reads an enterprise's occurrences by task, post or state, ordered by window start.
    op.execute("CREATE INDEX occurrences_by_start ON occurrences (enterprise_id, window_start, id)")
    op.execute("CREATE INDEX occurrences_by_task ON occurrences (enterprise_id, task_id, window_start)")
    op.execute("CREATE INDEX occurrences_by_state ON occurrences (enterprise_id, state, window_start)")
    op.execute("CREATE INDEX occurrences_by_post ON occurrences USING gin (post_ids)")

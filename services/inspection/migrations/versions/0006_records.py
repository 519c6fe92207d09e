"""Read model of inspection: one row per check record (inline), its items as the phone answered them.

Revision ID: 0006
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE check_records (
            id               text PRIMARY KEY,
            client_id        text NOT NULL,
            enterprise_id    text NOT NULL,
            occurrence_id    text NOT NULL,
            task_id          text NOT NULL,
            window_start     timestamptz NOT NULL,
            window_end       timestamptz NOT NULL,
            status           integer NOT NULL,
            made_at          timestamptz NOT NULL,
            received_at      timestamptz NOT NULL,
            late             boolean NOT NULL,
            items            jsonb NOT NULL,
            note             text,
            hazards          integer NOT NULL,
            photo_ids        text[] NOT NULL,
            reporter_id      text NOT NULL,
            reporter_mobile  text NOT NULL,  -- createByMobile
            mobile_me        text,
            is_defend        boolean NOT NULL,
            location         jsonb,
            recorded_at      timestamptz NOT NULL
        )""")
    # The list reads an enterprise's records newest first, by occurrence, task, status or reporter.
    op.execute("CREATE INDEX check_records_by_time ON check_records (enterprise_id, made_at DESC, id)")
    op.execute("CREATE INDEX check_records_by_occurrence ON check_records (enterprise_id, occurrence_id)")
    op.execute("CREATE INDEX check_records_by_task ON check_records (enterprise_id, task_id, made_at DESC)")
    op.execute("CREATE INDEX check_records_by_reporter ON check_records (enterprise_id, reporter_id, made_at DESC)")

"""The alert ledger (one row per alert) and each person's inbox (one row per alert and person told),
both inline.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE alerts (
            id              text PRIMARY KEY,
            enterprise_id   text NOT NULL,
            cause_type      text NOT NULL,
            cause_id        text NOT NULL,
            title           text,
            stage           text NOT NULL,
            source_type     text NOT NULL,
            deadline        timestamptz NOT NULL,
            urgent          boolean NOT NULL,
            ladder          jsonb NOT NULL,
            state           text NOT NULL,
            level           text,            -- the last rung told
            reached         text,            -- whose people were told there
            steps_told      integer NOT NULL DEFAULT 0,
            assignee_ids    text[] NOT NULL,
            recipient_ids   text[] NOT NULL DEFAULT '{}',
            raised_at       timestamptz NOT NULL,
            escalated_at    timestamptz,
            acknowledged_by text,
            acknowledged_at timestamptz,
            note            text,
            cleared_by      text,
            cleared_at      timestamptz,
            clear_reason    text,
            resolved_by     text,            -- the event type that resolved it
            resolved_at     timestamptz,
            updated_at      timestamptz NOT NULL,
            version         integer NOT NULL
        )""")
    op.execute("CREATE INDEX alerts_by_time ON alerts (enterprise_id, raised_at DESC, id)")
    op.execute("CREATE INDEX alerts_by_cause ON alerts (enterprise_id, cause_type, cause_id)")
    op.execute("""
        CREATE TABLE person_inbox (
            alert_id      text NOT NULL,
            person_id     text NOT NULL,
            enterprise_id text NOT NULL,
            step          integer NOT NULL,
            channel       text NOT NULL,
            digest        text NOT NULL,
            told_at       timestamptz NOT NULL,
            read_at       timestamptz,
            PRIMARY KEY (alert_id, person_id)
        )""")
    op.execute("CREATE INDEX person_inbox_by_person ON person_inbox (enterprise_id, person_id, told_at DESC, alert_id)")

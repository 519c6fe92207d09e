"""The deliveries of the outbound channels (one row per alert, level and target), inline: the
dead-letter list (`GET /deliveries?state=dead`) reads it.

Revision ID: 0004
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE deliveries (
            id              text PRIMARY KEY,
            enterprise_id   text NOT NULL,
            alert_id        text NOT NULL,
            level           text NOT NULL,
            channel         text NOT NULL,
            via             text NOT NULL,
            target          text NOT NULL,
            recipient       text NOT NULL,
            urgent          boolean NOT NULL,
            state           text NOT NULL,     -- pending, delivered, dead, withdrawn
            attempts        integer NOT NULL DEFAULT 0,
            last_outcome    text,
            last_code       text,
            last_message    text,
            digest          text,
            send_at         timestamptz NOT NULL,
            retry_at        timestamptz,
            dead_reason     text,
            due_at          timestamptz NOT NULL,
            updated_at      timestamptz NOT NULL,
            version         integer NOT NULL
        )""")
    op.execute("CREATE INDEX deliveries_by_state ON deliveries (enterprise_id, state, updated_at DESC, id)")
    op.execute("CREATE INDEX deliveries_by_alert ON deliveries (enterprise_id, alert_id)")

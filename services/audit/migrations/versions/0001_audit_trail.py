"""Inbox and the audit trail.

Revision ID: 0001
"""
from alembic import op

from libs.eventstore.schema import create_inbox

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_inbox(op)
    op.execute("""
        CREATE TABLE audit_entries (
            seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            enterprise_id  text NOT NULL,
            subject        text NOT NULL,
            chain_seq      integer NOT NULL,
            event_id       uuid NOT NULL UNIQUE,
            event_type     text NOT NULL,
            source         text NOT NULL,
            actor          text,
            occurred_at    timestamptz NOT NULL,
            canonical      text NOT NULL,
            prev_hash      char(64) NOT NULL,
            hash           char(64) NOT NULL,
            recorded_at    timestamptz NOT NULL DEFAULT now(),
            UNIQUE (enterprise_id, subject, chain_seq)
        )""")
    op.execute("CREATE INDEX audit_by_time ON audit_entries (enterprise_id, occurred_at, seq)")
    op.execute("CREATE INDEX audit_by_actor ON audit_entries (enterprise_id, actor, occurred_at)")
    op.execute("CREATE INDEX audit_by_type ON audit_entries (enterprise_id, event_type, occurred_at)")
    op.execute("""
        CREATE TABLE audit_chain_heads (
            enterprise_id text NOT NULL,
            subject       text NOT NULL,
            chain_seq     integer NOT NULL,
            hash          char(64) NOT NULL,
            PRIMARY KEY (enterprise_id, subject)
        )""")

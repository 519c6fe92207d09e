"""The inbox's change cursor: each row stamped with the (tx_id, position) of the event that last
changed it (told again, read), so the live inbox (`GET /inbox/stream`) reads what changed since a
client's Last-Event-ID with the event store's gap-safe order. Rows written before this migration
have (0, 0): a rebuild of the inline read models re-stamps them.

Revision ID: 0006
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE person_inbox ADD COLUMN tx_id bigint NOT NULL DEFAULT 0, "
               "ADD COLUMN position bigint NOT NULL DEFAULT 0")
    op.execute("CREATE INDEX person_inbox_changes ON person_inbox (enterprise_id, person_id, tx_id, position)")


def downgrade() -> None:
    op.execute("DROP INDEX person_inbox_changes")
    op.execute("ALTER TABLE person_inbox DROP COLUMN tx_id, DROP COLUMN position")

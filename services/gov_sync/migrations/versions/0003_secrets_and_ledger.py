"""State beside the log, kept on a rebuild: the targets' secrets, encrypted with the key from
configuration (SK_GOV_SYNC_SECRETS_KEY), and the send ledger — per target and record, the content
hash the platform last acknowledged and the record's sending state — which the sender writes.

Revision ID: 0003
"""
from alembic import op

from libs.service_state import keep_on_rebuild

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE target_secrets (
            target_id   text PRIMARY KEY,
            aes_key     bytea,        -- Fernet token of the 16-byte key
            credentials bytea,        -- Fernet token of "user:password" (Basic)
            set_at      timestamptz NOT NULL
        )
    """)
    op.execute("""
        CREATE TABLE send_ledger (
            target_id     text NOT NULL,
            entity        smallint NOT NULL,
            record_id     text NOT NULL,
            acked_hash    text,           -- the content hash last acknowledged, null: never
            state         text NOT NULL,  -- pending / sent / acknowledged / refused / quarantined
            last_error    text,
            updated_at    timestamptz NOT NULL,
            PRIMARY KEY (target_id, entity, record_id)
        )
    """)
    keep_on_rebuild(op, "target_secrets", "send_ledger")

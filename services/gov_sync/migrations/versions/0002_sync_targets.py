"""The sync targets' read model (inline): their settings and which secrets are set, never a secret.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE sync_targets (
            id              text PRIMARY KEY,
            enterprise_id   text NOT NULL,
            name            text NOT NULL,
            dialect         text NOT NULL,
            base_url        text NOT NULL,
            entities        integer[] NOT NULL,
            batch_size      integer NOT NULL,
            iv_rule         text NOT NULL,
            ca_bundle       text,
            has_aes_key     boolean NOT NULL DEFAULT false,
            has_credentials boolean NOT NULL DEFAULT false,
            retired         boolean NOT NULL DEFAULT false,
            created_at      timestamptz NOT NULL,
            updated_at      timestamptz NOT NULL,
            version         integer NOT NULL
        )
    """)
    op.execute("""
        CREATE INDEX sync_targets_by_enterprise ON sync_targets (enterprise_id, created_at)
    """)

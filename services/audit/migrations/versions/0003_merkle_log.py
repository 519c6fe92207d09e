"""Each enterprise's Merkle log over its audit entries: signed tree heads, the place of each leaf,
how far each subject is sealed, and which heads came back from the heads topic.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

from libs.eventstore.schema import guard

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per signed head, exactly as published (docs/decisions.md §31); `coverage` is the
    # delta it sealed: per subject that grew, the last chain_seq now in the tree.
    op.execute("""
        CREATE TABLE audit_tree_heads (
            enterprise_id text NOT NULL,
            tree_size     bigint NOT NULL CHECK (tree_size > 0),
            previous_size bigint NOT NULL CHECK (previous_size >= 0 AND previous_size < tree_size),
            root_hash     char(64) NOT NULL,
            timestamp_ms  bigint NOT NULL,
            key_id        char(64) NOT NULL,
            signature     char(128) NOT NULL,
            coverage      jsonb NOT NULL,
            PRIMARY KEY (enterprise_id, tree_size)
        )""")
    # A leaf is a place: which entry it is. Its hash is always recomputed from the entry, so
    # nothing stored here can vouch for an entry that was changed.
    op.execute("""
        CREATE TABLE audit_tree_leaves (
            enterprise_id text NOT NULL,
            leaf_index    bigint NOT NULL,
            subject       text NOT NULL,
            chain_seq     integer NOT NULL,
            PRIMARY KEY (enterprise_id, leaf_index),
            UNIQUE (enterprise_id, subject, chain_seq)
        )""")
    op.execute("""
        CREATE TABLE audit_tree_sealed (
            enterprise_id text NOT NULL,
            subject       text NOT NULL,
            chain_seq     integer NOT NULL,
            PRIMARY KEY (enterprise_id, subject)
        )""")
    # Heads read back from the heads topic: the publisher sends the others (again).
    op.execute("""
        CREATE TABLE audit_heads_on_topic (
            enterprise_id text NOT NULL,
            tree_size     bigint NOT NULL,
            PRIMARY KEY (enterprise_id, tree_size)
        )""")
    # The heads publisher's checkpoint, in the table (and shape) every relay keeps one: the broker
    # cluster it published to, so a broker that came back empty gets every head again.
    op.execute("""
        CREATE TABLE relay_checkpoints (
            relay      text PRIMARY KEY,
            cluster_id text NOT NULL,
            tx_id      bigint NOT NULL,
            position   bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        )""")
    # Heads and leaves only ever grow, as the entries do (0002): the service's role may insert
    # and read them, no more, and the guards refuse even the owner an UPDATE, DELETE or TRUNCATE.
    guard(op, "audit_tree_heads")
    guard(op, "audit_tree_leaves")

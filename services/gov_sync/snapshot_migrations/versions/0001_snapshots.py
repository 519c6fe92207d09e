"""The snapshot projection's schema (`gov_sync_snapshots`): its inbox, the current state of every
synced entity (one row per entity and id, its event data merged, its first and latest event's time
and actor, its deleted state), and the facts the mapping resolves ids with (people's and units'
names, objects' codes, risk events' levels, the enterprise's codes).

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
        CREATE TABLE snapshots (
            entity        smallint NOT NULL,
            id            text NOT NULL,
            enterprise_id text NOT NULL,
            parent_id     text,
            fields        jsonb NOT NULL,
            created_at    timestamptz NOT NULL,
            created_by    text NOT NULL,
            updated_at    timestamptz NOT NULL,
            updated_by    text NOT NULL,
            deleted       boolean NOT NULL DEFAULT false,
            PRIMARY KEY (entity, id)
        )
    """)
    op.execute("""
        CREATE INDEX snapshots_by_enterprise ON snapshots (enterprise_id, entity, id)
    """)
    op.execute("""
        CREATE TABLE people (person_id text PRIMARY KEY, enterprise_id text NOT NULL, name text NOT NULL)
    """)
    op.execute("""
        CREATE TABLE org_units (unit_id text PRIMARY KEY, enterprise_id text NOT NULL, name text NOT NULL)
    """)
    op.execute("""
        CREATE TABLE objects (object_id text PRIMARY KEY, enterprise_id text NOT NULL, code text,
                              major boolean NOT NULL)
    """)
    op.execute("""
        CREATE TABLE risk_levels (risk_event_id text PRIMARY KEY, enterprise_id text NOT NULL,
                                  unit_id text, level smallint)
    """)
    op.execute("""
        CREATE INDEX risk_levels_by_unit ON risk_levels (unit_id)
    """)
    op.execute("""
        CREATE TABLE enterprises (enterprise_id text PRIMARY KEY, credit_code text, hazchem_code text)
    """)

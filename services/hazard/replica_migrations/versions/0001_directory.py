"""Hazard governance's replica of the registry's directory (people and org units): names in a
hazard's history, departments in the 公示 table, and its inbox.

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
        CREATE TABLE people (
            person_id     text PRIMARY KEY,
            enterprise_id text,
            name          text,
            post_id       text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false   -- the person left
        )""")
    op.execute("""
        CREATE TABLE org_units (
            unit_id       text PRIMARY KEY,
            enterprise_id text,
            kind          text,
            name          text,
            parent_id     text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")

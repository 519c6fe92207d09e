"""Inspection's replica of the registry's directory (people, org units and the 包保 guardians of
major hazards), and its inbox.

Revision ID: 0001
"""
from alembic import op

from libs.directory_replica import create_people_and_org_units
from libs.eventstore.schema import create_inbox

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_inbox(op)
    create_people_and_org_units(op)
    op.execute("""
        CREATE TABLE guardians (
            object_id     text PRIMARY KEY,
            enterprise_id text,
            principal_id  text,   -- 主要负责人
            technical_id  text,   -- 技术负责人
            operations_id text,   -- 操作负责人
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false   -- the risk object retired
        )""")

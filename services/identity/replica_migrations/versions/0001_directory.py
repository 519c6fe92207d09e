"""The identity service's replica of the directory (people and enterprises), and its inbox.

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
            mobile        text,
            roles         text[],
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false   -- the person left
        )""")
    op.execute("CREATE INDEX people_by_mobile ON people (mobile) WHERE NOT retired")
    op.execute("CREATE INDEX people_by_enterprise ON people (enterprise_id, name)")
    op.execute("""
        CREATE TABLE enterprises (
            enterprise_id text PRIMARY KEY,
            name          text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")

"""Alerting's replica: the registry's people and org units (who each rung is), inspection's
occurrences' assignees and hazard governance's gradings (a cause's facts), and its inbox.

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
    op.execute("ALTER TABLE people ADD COLUMN roles text[]")  # the duty roles each rung is found by
    op.execute("CREATE INDEX people_by_post ON people (post_id)")
    op.execute("CREATE INDEX people_by_enterprise ON people (enterprise_id)")
    op.execute("CREATE INDEX org_units_by_parent ON org_units (parent_id)")
    op.execute("""
        CREATE TABLE occurrences (
            occurrence_id text PRIMARY KEY,
            enterprise_id text,
            post_ids      text[],
            person_ids    text[],
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")
    op.execute("""
        CREATE TABLE hazards (
            hazard_id        text PRIMARY KEY,
            enterprise_id    text,
            name             text,
            level            integer,
            liable_person_id text,
            department_id    text,
            fact_version     integer NOT NULL,
            retired          boolean NOT NULL DEFAULT false
        )""")

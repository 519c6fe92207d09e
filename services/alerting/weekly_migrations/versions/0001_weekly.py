"""Alerting's weekly facts (运行效果的周事实): per occurrence, hazard and task what the score of a week
is counted from (domain/effectiveness_ledger.py), and the projection's inbox.

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
        CREATE TABLE occurrences (
            occurrence_id text PRIMARY KEY,
            enterprise_id text NOT NULL,
            week          date NOT NULL,  -- the Monday of the week its window ends in
            facts         jsonb NOT NULL
        )""")
    op.execute("CREATE INDEX occurrences_by_week ON occurrences (enterprise_id, week)")
    op.execute("""
        CREATE TABLE hazards (
            hazard_id     text PRIMARY KEY,
            enterprise_id text NOT NULL,
            facts         jsonb NOT NULL
        )""")
    op.execute("CREATE INDEX hazards_by_enterprise ON hazards (enterprise_id)")
    op.execute("""
        CREATE TABLE tasks (
            task_id       text PRIMARY KEY,
            enterprise_id text NOT NULL,
            work_type     integer NOT NULL
        )""")

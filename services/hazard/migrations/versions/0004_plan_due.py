"""A 重大 hazard's plan date (治理方案五落实期限) and whether it passed with the five not all in place.

Revision ID: 0004
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE hazards ADD COLUMN plan_due date, "
               "ADD COLUMN plan_overdue boolean NOT NULL DEFAULT false")

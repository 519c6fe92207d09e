"""The check tasks' row names the risk object a 包保 task is about (another branch draws those
tasks up and adds the same column; IF NOT EXISTS lets the two meet): the coverage report counts
such a task for its 重大危险源.

Revision ID: 0011
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE check_tasks ADD COLUMN IF NOT EXISTS object_id text")
